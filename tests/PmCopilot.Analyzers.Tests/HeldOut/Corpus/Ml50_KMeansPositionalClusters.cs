// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class Segmentation
{
    public static ITransformer Train(MLContext ml, IDataView data, int k)
    {
        var pipeline = ml.Transforms.Concatenate("Features", "Income", "Visits")
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.Clustering.Trainers.KMeans("Features", null, k));
        return pipeline.Fit(data);
    }
}
