// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public sealed class Evaluator
{
    private readonly MLContext _ml;

    public Evaluator(MLContext ml) => _ml = ml;

    public void Print(ITransformer model, IDataView test)
    {
        var metrics = _ml.BinaryClassification.Evaluate(model.Transform(test));
        Console.WriteLine($"AUC={metrics.AreaUnderRocCurve:F3}");
        Console.WriteLine($"Accuracy={metrics.Accuracy:F3} F1={metrics.F1Score:F3} Precision={metrics.PositivePrecision:F3}");
    }
}
