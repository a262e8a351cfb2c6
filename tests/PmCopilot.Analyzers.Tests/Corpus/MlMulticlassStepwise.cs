using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Corpus.MlMulticlassStepwise;

public class Iris
{
    [LoadColumn(0)] public float SepalLength { get; set; }
    [LoadColumn(1)] public float SepalWidth { get; set; }
    [LoadColumn(2)] public float PetalLength { get; set; }
    [LoadColumn(3)] public float PetalWidth { get; set; }
    [LoadColumn(4)] public string Species { get; set; } = "";
}

public static class IrisTraining
{
    public static void Train(string file)
    {
        var context = new MLContext(); // expect PMC007
        IDataView data = context.Data.LoadFromTextFile<Iris>(file, separatorChar: ',');

        IEstimator<ITransformer> pipeline = context.Transforms.Conversion.MapValueToKey("Label", nameof(Iris.Species));
        pipeline = pipeline.Append(context.Transforms.Concatenate("Features", "SepalLength", "SepalWidth", "PetalLength", "PetalWidth"));
        pipeline = pipeline.AppendCacheCheckpoint(context);
        var trainer = context.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Features"); // expect PMC001
        pipeline = pipeline.Append(trainer)
            .Append(context.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

        var model = pipeline.Fit(data);
        var metrics = context.MulticlassClassification.Evaluate(model.Transform(data)); // expect PMC003
        System.Console.WriteLine(metrics.MacroAccuracy);
    }
}
