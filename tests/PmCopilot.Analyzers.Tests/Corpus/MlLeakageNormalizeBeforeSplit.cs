using Microsoft.ML;
using Microsoft.ML.Data;

namespace Corpus.MlLeakageNormalizeBeforeSplit;

public class Row
{
    [LoadColumn(0, 9)] [VectorType(10)] public float[] Features { get; set; } = [];
    [LoadColumn(10)] public bool Label { get; set; }
}

public static class Leaky
{
    public static void Run(MLContext ml, string path)
    {
        var raw = ml.Data.LoadFromTextFile<Row>(path, separatorChar: ',');
        var scaler = ml.Transforms.NormalizeMinMax("Features");
        var scalerModel = scaler.Fit(raw); // expect PMC002
        var scaled = scalerModel.Transform(raw);
        var split = ml.Data.TrainTestSplit(scaled, testFraction: 0.2);

        var trainer = ml.BinaryClassification.Trainers.AveragedPerceptron();
        var model = trainer.Fit(split.TrainSet);
        var metrics = ml.BinaryClassification.EvaluateNonCalibrated(model.Transform(split.TestSet));
        System.Console.WriteLine(metrics.AreaUnderRocCurve);
    }

    public static void FitOnTest(MLContext ml, IDataView data)
    {
        var parts = ml.Data.TrainTestSplit(data);
        var pipeline = ml.Transforms.NormalizeMeanVariance("Features")
            .Append(ml.BinaryClassification.Trainers.LinearSvm());
        var model = pipeline.Fit(parts.TestSet); // expect PMC002
        System.Console.WriteLine(model != null);
    }
}
