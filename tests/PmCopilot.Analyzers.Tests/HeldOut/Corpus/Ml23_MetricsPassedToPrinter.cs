// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class Report
{
    public static void Run(MLContext ml, ITransformer model, IDataView test)
    {
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(test));
        Console.WriteLine($"Accuracy: {metrics.Accuracy:P2}");
        Print(metrics);
    }

    private static void Print(BinaryClassificationMetrics metrics)
    {
        Console.WriteLine($"AUC {metrics.AreaUnderRocCurve:F3} AUC-PR {metrics.AreaUnderPrecisionRecallCurve:F3}");
        Console.WriteLine(metrics.ConfusionMatrix.GetFormattedConfusionTable());
    }
}
