// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class StepwisePipeline
{
    public static ITransformer Train(MLContext ml, IDataView train)
    {
        IEstimator<ITransformer> pipeline = ml.Transforms.Concatenate("Features", "Amount", "Age", "Balance");
        pipeline = pipeline.Append(ml.Transforms.NormalizeMeanVariance("Features"));
        pipeline = pipeline.Append(ml.Transforms.DropColumns("Balance"));
        pipeline = pipeline.Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
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
