using Microsoft.ML;
using Microsoft.ML.Data;

namespace Corpus.CleanMlBinaryNormalized;

public class Transaction
{
    [LoadColumn(0)] public float Amount { get; set; }
    [LoadColumn(1)] public float Age { get; set; }
    [LoadColumn(2)] public bool Label { get; set; }
}

public static class Trainer
{
    public static void Run(string path)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromTextFile<Transaction>(path, hasHeader: true, separatorChar: ',');
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.25, seed: 1);

        var pipeline = ml.Transforms.Concatenate("Features", "Amount", "Age")
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());

        var model = pipeline.Fit(split.TrainSet);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
        System.Console.WriteLine($"AUC-PR {metrics.AreaUnderPrecisionRecallCurve:F3} accuracy {metrics.Accuracy:F3}");
    }
}
