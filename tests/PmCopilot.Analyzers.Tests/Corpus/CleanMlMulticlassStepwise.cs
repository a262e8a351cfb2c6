using Microsoft.ML;
using Microsoft.ML.Data;

namespace Corpus.CleanMlMulticlassStepwise;

public class Iris
{
    [LoadColumn(0)] public float SepalLength { get; set; }
    [LoadColumn(1)] public float SepalWidth { get; set; }
    [LoadColumn(4)] public string Species { get; set; } = "";
}

public static class IrisTraining
{
    public static void Train(string file)
    {
        var context = new MLContext(seed: 0);
        IDataView data = context.Data.LoadFromTextFile<Iris>(file, separatorChar: ',');
        var split = context.Data.TrainTestSplit(data, 0.3);

        IEstimator<ITransformer> pipeline = context.Transforms.Conversion.MapValueToKey("Label", nameof(Iris.Species));
        pipeline = pipeline.Append(context.Transforms.Concatenate("Features", "SepalLength", "SepalWidth"));
        pipeline = pipeline.Append(context.Transforms.NormalizeMinMax("Features"));
        var trainer = context.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Features");
        pipeline = pipeline.Append(trainer);

        var model = pipeline.Fit(split.TrainSet);
        var trainMetrics = context.MulticlassClassification.Evaluate(model.Transform(split.TrainSet));
        var testMetrics = context.MulticlassClassification.Evaluate(model.Transform(split.TestSet));
        System.Console.WriteLine($"{trainMetrics.MacroAccuracy} vs {testMetrics.MacroAccuracy}");
    }
}
