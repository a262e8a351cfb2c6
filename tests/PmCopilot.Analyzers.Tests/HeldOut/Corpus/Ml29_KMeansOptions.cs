// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

using Microsoft.ML.Trainers;

public static class Segmentation
{
    public static ITransformer Train(MLContext ml, IDataView data)
    {
        var options = new KMeansTrainer.Options
        {
            FeatureColumnName = "Features",
            NumberOfClusters = 6,
            MaximumNumberOfIterations = 200,
        };
        var pipeline = ml.Transforms.Concatenate("Features", "Income", "Visits")
            .Append(ml.Transforms.NormalizeLpNorm("Features"))
            .Append(ml.Clustering.Trainers.KMeans(options));
        return pipeline.Fit(data);
    }
}
