// expect: PMC007@28, PMC001@32, PMC011@32
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Customers.Segmentation;

public sealed class CustomerProfile
{
    public float AnnualSpend { get; set; }
    public float OrdersPerYear { get; set; }
    public float AverageBasket { get; set; }
    public float DaysSinceSignup { get; set; }
}

public sealed class SegmentPrediction
{
    [ColumnName("PredictedLabel")] public uint ClusterId { get; set; }
    public float[] Score { get; set; }
}

public static class Segmenter
{
    public static Dictionary<uint, int> Segment(IEnumerable<CustomerProfile> customers)
    {
        MLContext ml = new();
        IDataView data = ml.Data.LoadFromEnumerable(customers);

        var pipeline = ml.Transforms.Concatenate("Features", "AnnualSpend", "OrdersPerYear", "AverageBasket", "DaysSinceSignup")
            .Append(ml.Clustering.Trainers.KMeans(featureColumnName: "Features"));

        var model = pipeline.Fit(data);
        ClusteringMetrics metrics = ml.Clustering.Evaluate(model.Transform(data), featureColumnName: "Features");
        Console.WriteLine($"Davies-Bouldin {metrics.DaviesBouldinIndex:F3}, avg distance {metrics.AverageDistance:F1}");

        return ml.Data.CreateEnumerable<SegmentPrediction>(model.Transform(data), reuseRowObject: false)
            .GroupBy(p => p.ClusterId)
            .ToDictionary(g => g.Key, g => g.Count());
    }
}
