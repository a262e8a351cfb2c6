// expect: PMC002@16
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class SwappedSplit
{
    public static void Run(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        var pipeline = ml.Transforms.Concatenate("Features", "Amount", "Age", "Balance")
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());
        var model = pipeline.Fit(split.TestSet);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TrainSet));
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
