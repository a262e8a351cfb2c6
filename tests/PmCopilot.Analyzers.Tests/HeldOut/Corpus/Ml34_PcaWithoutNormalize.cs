// expect: PMC001@13
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class Projection
{
    public static ITransformer Fit(MLContext ml, IDataView data)
    {
        var pipeline = ml.Transforms.Concatenate("Features", "Height", "Weight", "Income")
            .Append(ml.Transforms.ProjectToPrincipalComponents("Projected", "Features", rank: 2));
        return pipeline.Fit(data);
    }
}
