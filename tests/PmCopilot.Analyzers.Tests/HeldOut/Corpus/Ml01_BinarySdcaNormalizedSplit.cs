// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class FraudTraining
{
    public static void Run(string path)
    {
        var ml = new MLContext(seed: 42);
        var data = ml.Data.LoadFromTextFile<Transaction>(path, hasHeader: true, separatorChar: ',');
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        var pipeline = ml.Transforms.Concatenate("Features", nameof(Transaction.Amount), nameof(Transaction.Age), nameof(Transaction.Balance))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());
        var model = pipeline.Fit(split.TrainSet);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
        Console.WriteLine($"AUC {metrics.AreaUnderRocCurve:F3} accuracy {metrics.Accuracy:P1} F1 {metrics.F1Score:F3}");
    }
}

public sealed class Transaction
{
    [LoadColumn(0)] public float Amount { get; set; }
    [LoadColumn(1)] public float Age { get; set; }
    [LoadColumn(2)] public float Balance { get; set; }
    [LoadColumn(3)] public bool Label { get; set; }
}
