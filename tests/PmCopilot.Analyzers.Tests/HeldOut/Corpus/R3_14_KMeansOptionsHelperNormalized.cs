// expect: none
using System;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Telemetry.Clustering;

public sealed class DeviceUsage
{
    [LoadColumn(0)] public float SessionsPerDay { get; set; }
    [LoadColumn(1)] public float MinutesPerSession { get; set; }
    [LoadColumn(2)] public float CrashesPerWeek { get; set; }
    [LoadColumn(3)] public float StorageUsedGb { get; set; }
}

public static class UsagePipelines
{
    public static IEstimator<ITransformer> ScaledFeatures(MLContext ml) =>
        ml.Transforms.Concatenate("Features",
                nameof(DeviceUsage.SessionsPerDay), nameof(DeviceUsage.MinutesPerSession),
                nameof(DeviceUsage.CrashesPerWeek), nameof(DeviceUsage.StorageUsedGb))
            .Append(ml.Transforms.NormalizeLogMeanVariance("Features", useCdf: false));
}

public sealed class UsageClusterer
{
    private readonly MLContext _ml = new MLContext(seed: 123);

    public ClusteringMetrics Fit(string path, int clusters)
    {
        IDataView usage = _ml.Data.LoadFromTextFile<DeviceUsage>(path, separatorChar: ',', hasHeader: true);

        var kmeansOptions = new KMeansTrainer.Options
        {
            FeatureColumnName = "Features",
            NumberOfClusters = clusters,
            InitializationAlgorithm = KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus,
            MaximumNumberOfIterations = 300,
        };

        var pipeline = UsagePipelines.ScaledFeatures(_ml).Append(_ml.Clustering.Trainers.KMeans(kmeansOptions));
        var model = pipeline.Fit(usage);
        var metrics = _ml.Clustering.Evaluate(model.Transform(usage), featureColumnName: "Features");
        Console.WriteLine($"k={clusters}: avg distance {metrics.AverageDistance:F3}, DBI {metrics.DaviesBouldinIndex:F3}");
        return metrics;
    }
}
