// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class CrossValidation
{
    public static void Run(string path)
    {
        var ml = new MLContext(seed: 11);
        var data = ml.Data.LoadFromTextFile<Transaction>(path, hasHeader: true, separatorChar: ',');
        var pipeline = ml.Transforms.Concatenate("Features", "Amount", "Age", "Balance")
            .Append(ml.Transforms.NormalizeRobustScaling("Features"))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());
        var folds = ml.BinaryClassification.CrossValidate(data, pipeline, numberOfFolds: 5);
        var auc = folds.Average(f => f.Metrics.AreaUnderRocCurve);
        var accuracy = folds.Average(f => f.Metrics.Accuracy);
        Console.WriteLine($"AUC {auc:F3} accuracy {accuracy:P1}");
        var finalModel = pipeline.Fit(data);
        ml.Model.Save(finalModel, data.Schema, "model.zip");
    }
}

public sealed class Transaction
{
    [LoadColumn(0)] public float Amount { get; set; }
    [LoadColumn(1)] public float Age { get; set; }
    [LoadColumn(2)] public float Balance { get; set; }
    [LoadColumn(3)] public bool Label { get; set; }
}
