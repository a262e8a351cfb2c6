// expect: PMC002@14
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class LeakyPrep
{
    public static void Run(MLContext ml, IDataView data)
    {
        var features = ml.Transforms.Concatenate("Features", "Amount", "Age", "Balance");
        var scaler = features.Append(ml.Transforms.NormalizeMeanVariance("Features"));
        var scaled = scaler.Fit(data).Transform(data);
        var split = ml.Data.TrainTestSplit(scaled, testFraction: 0.3);
        var model = ml.BinaryClassification.Trainers.SdcaLogisticRegression().Fit(split.TrainSet);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
        Console.WriteLine(metrics.AreaUnderRocCurve);
    }
}

public sealed class Transaction
{
    [LoadColumn(0)] public float Amount { get; set; }
    [LoadColumn(1)] public float Age { get; set; }
    [LoadColumn(2)] public float Balance { get; set; }
    [LoadColumn(3)] public bool Label { get; set; }
}
