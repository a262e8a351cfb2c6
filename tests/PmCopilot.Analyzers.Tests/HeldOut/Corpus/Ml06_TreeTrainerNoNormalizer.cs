// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class TreeModel
{
    public static void Run(string path)
    {
        var ml = new MLContext(seed: 7);
        var data = ml.Data.LoadFromTextFile<Transaction>(path, hasHeader: true, separatorChar: ',');
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.25, seed: 3);
        var pipeline = ml.Transforms.Concatenate("Features", "Amount", "Age", "Balance")
            .Append(ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 20, numberOfTrees: 100));
        var model = pipeline.Fit(split.TrainSet);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
        Console.WriteLine($"AUC-PR {metrics.AreaUnderPrecisionRecallCurve:F3} F1 {metrics.F1Score:F3}");
    }
}

public sealed class Transaction
{
    [LoadColumn(0)] public float Amount { get; set; }
    [LoadColumn(1)] public float Age { get; set; }
    [LoadColumn(2)] public float Balance { get; set; }
    [LoadColumn(3)] public bool Label { get; set; }
}
