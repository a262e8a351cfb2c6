using Microsoft.ML;
using Microsoft.ML.Data;

namespace Corpus.MlThresholdOnly;

public class Review
{
    [LoadColumn(0)] public string Text { get; set; } = "";
    [LoadColumn(1)] public bool Label { get; set; }
}

public static class Sentiment
{
    public static void Run(string path)
    {
        var ml = new MLContext(seed: 11);
        var data = ml.Data.LoadFromTextFile<Review>(path, hasHeader: true);
        var split = ml.Data.TrainTestSplit(data, 0.2);
        var pipeline = ml.Transforms.Text.FeaturizeText("Features", nameof(Review.Text))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());
        var model = pipeline.Fit(split.TrainSet);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
        System.Console.WriteLine($"Accuracy: {metrics.Accuracy:P2}"); // expect PMC012
        System.Console.WriteLine($"F1: {metrics.F1Score:P2}");
    }

    public static void Report(CalibratedBinaryClassificationMetrics metrics)
    {
        System.Console.WriteLine($"Accuracy {metrics.Accuracy} AUC {metrics.AreaUnderRocCurve}");
    }

    public static void RunWithReport(MLContext ml, IDataView test, ITransformer model)
    {
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(test));
        System.Console.WriteLine(metrics.Accuracy);
        Report(metrics);
    }
}
