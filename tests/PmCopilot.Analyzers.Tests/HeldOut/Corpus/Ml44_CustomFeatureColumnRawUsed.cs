// expect: PMC001@14
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class CustomColumn
{
    public static ITransformer Train(MLContext ml, IDataView train)
    {
        var pipeline = ml.Transforms.Concatenate("RawFeatures", "Amount", "Age", "Balance")
            .Append(ml.Transforms.NormalizeMinMax("ScaledFeatures", "RawFeatures"))
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Label", featureColumnName: "RawFeatures"));
        return pipeline.Fit(train);
    }
}
