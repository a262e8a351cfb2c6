// expect: PMC011@17
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
        var options = new KMeansTrainer.Options { FeatureColumnName = "Features", MaximumNumberOfIterations = 50 };
        var pipeline = ml.Transforms.Concatenate("Features", "Income", "Visits")
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.Clustering.Trainers.KMeans(options));
        return pipeline.Fit(data);
    }
}
