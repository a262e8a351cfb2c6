// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class StatelessPrep
{
    public static void Run(MLContext ml, IDataView data)
    {
        var concatenated = ml.Transforms.Concatenate("Features", "Amount", "Age", "Balance").Fit(data).Transform(data);
        var split = ml.Data.TrainTestSplit(concatenated, testFraction: 0.3);
        var pipeline = ml.Transforms.NormalizeMinMax("Features").Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());
        var model = pipeline.Fit(split.TrainSet);
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
