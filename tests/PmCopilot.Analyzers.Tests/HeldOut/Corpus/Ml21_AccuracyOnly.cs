// expect: PMC012@13
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
    }
}
