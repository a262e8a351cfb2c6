// expect: PMC001@17
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public sealed class ChurnModel
{
    private readonly MLContext _ml = new(seed: 1);

    private IEstimator<ITransformer> BuildFeatures() =>
        _ml.Transforms.Concatenate("Features", "Amount", "Age", "Balance");

    public ITransformer Train(IDataView train)
    {
        var pipeline = BuildFeatures().Append(_ml.BinaryClassification.Trainers.LinearSvm());
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
