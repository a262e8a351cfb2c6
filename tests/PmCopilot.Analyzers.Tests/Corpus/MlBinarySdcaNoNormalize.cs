using Microsoft.ML;
using Microsoft.ML.Data;

namespace Corpus.MlBinarySdcaNoNormalize;

public class Transaction
{
    [LoadColumn(0)] public float Amount { get; set; }
    [LoadColumn(1)] public float Age { get; set; }
    [LoadColumn(2)] public float Balance { get; set; }
    [LoadColumn(3)] public bool Label { get; set; }
}

public static class Trainer
{
    public static void Run(string path)
    {
        var ml = new MLContext(seed: 42);
        var data = ml.Data.LoadFromTextFile<Transaction>(path, hasHeader: true, separatorChar: ',');
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);

        var pipeline = ml.Transforms.Concatenate("Features", nameof(Transaction.Amount), nameof(Transaction.Age), nameof(Transaction.Balance))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: "Label", featureColumnName: "Features")); // expect PMC001

        var model = pipeline.Fit(split.TrainSet);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
        System.Console.WriteLine($"AUC {metrics.AreaUnderRocCurve:F3} F1 {metrics.F1Score:F3}");
    }
}
