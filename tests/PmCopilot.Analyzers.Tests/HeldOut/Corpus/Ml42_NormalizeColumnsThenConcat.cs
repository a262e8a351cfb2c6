// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class PerColumn
{
    public static ITransformer Train(MLContext ml, IDataView train)
    {
        var pipeline = ml.Transforms.NormalizeMinMax("Amount")
            .Append(ml.Transforms.NormalizeMeanVariance("Age"))
            .Append(ml.Transforms.Concatenate("Features", "Amount", "Age"))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
        return pipeline.Fit(train);
    }
}
