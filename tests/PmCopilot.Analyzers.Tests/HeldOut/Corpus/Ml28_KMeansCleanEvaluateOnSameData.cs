// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class Segmentation
{
    public sealed class Customer
    {
        [LoadColumn(0)] public float Income { get; set; }
        [LoadColumn(1)] public float Visits { get; set; }
    }

    public static void Run(string path)
    {
        var ml = new MLContext(seed: 5);
        var data = ml.Data.LoadFromTextFile<Customer>(path, hasHeader: true, separatorChar: ',');
        var pipeline = ml.Transforms.Concatenate("Features", "Income", "Visits")
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.Clustering.Trainers.KMeans("Features", numberOfClusters: 4));
        var model = pipeline.Fit(data);
        var metrics = ml.Clustering.Evaluate(model.Transform(data), scoreColumnName: "Score", featureColumnName: "Features");
        Console.WriteLine(metrics.DaviesBouldinIndex);
    }
}
