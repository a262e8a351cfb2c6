// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class CorrectPrep
{
    public static void Run(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.3);
        var prep = ml.Transforms.Concatenate("Features", "Amount", "Age", "Balance")
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Fit(split.TrainSet);
        var train = prep.Transform(split.TrainSet);
        var test = prep.Transform(split.TestSet);
        var model = ml.BinaryClassification.Trainers.SdcaLogisticRegression().Fit(train);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(test));
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
