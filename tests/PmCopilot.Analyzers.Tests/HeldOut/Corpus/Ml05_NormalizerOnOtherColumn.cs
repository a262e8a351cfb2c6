// expect: PMC001@14
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class WrongColumn
{
    public static ITransformer Train(MLContext ml, IDataView train)
    {
        var pipeline = ml.Transforms.NormalizeMinMax("AmountScaled", "Amount")
            .Append(ml.Transforms.Concatenate("Features", "Amount", "Age", "Balance"))
            .Append(ml.BinaryClassification.Trainers.AveragedPerceptron("Label", "Features"));
        return pipeline.Fit(train);
    }
}

public sealed class Transaction
{
    [LoadColumn(0)] public float Amount { get; set; }
    [LoadColumn(1)] public float Age { get; set; }
    [LoadColumn(2)] public float Balance { get; set; }
    [LoadColumn(3)] public bool Label { get; set; }
}
