// expect: PMC011@57
using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Network.Observability
{
    public sealed class FlowSummary
    {
        [LoadColumn(0)] public float BytesIn { get; set; }
        [LoadColumn(1)] public float BytesOut { get; set; }
        [LoadColumn(2)] public float Packets { get; set; }
        [LoadColumn(3)] public float DurationMs { get; set; }
        [LoadColumn(4)] public float DistinctPorts { get; set; }
    }

    /// <summary>
    /// Groups network flows into behaviour clusters; analysts label the clusters by hand afterwards.
    /// Byte counts span six orders of magnitude, hence the log-scaled normalization.
    /// </summary>
    public sealed class FlowClusterJob
    {
        private readonly MLContext _ml;
        private readonly string _csvPath;

        public FlowClusterJob(string csvPath, int seed = 1234)
        {
            _csvPath = csvPath;
            _ml = new MLContext(seed: seed);
        }

        // Tolerance and iteration cap were tuned on last quarter's capture.
        private static KMeansTrainer.Options ClusterOptions() => new()
        {
            FeatureColumnName = "Features",
            MaximumNumberOfIterations = 300,
            OptimizationTolerance = 1e-5f,
            InitializationAlgorithm = KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus,
        };

        public ITransformer Run(TextWriter log)
        {
            if (!File.Exists(_csvPath))
            {
                throw new FileNotFoundException("Flow export not found.", _csvPath);
            }

            var flows = _ml.Data.LoadFromTextFile<FlowSummary>(_csvPath, separatorChar: ',', hasHeader: true);

            var assemble = _ml.Transforms.Concatenate("Features",
                nameof(FlowSummary.BytesIn), nameof(FlowSummary.BytesOut), nameof(FlowSummary.Packets),
                nameof(FlowSummary.DurationMs), nameof(FlowSummary.DistinctPorts));
            var scale = assemble.Append(_ml.Transforms.NormalizeLogMeanVariance("Features", useCdf: false));
            var cluster = scale.Append(_ml.Clustering.Trainers.KMeans(ClusterOptions()));

            var model = cluster.Fit(flows);
            var metrics = _ml.Clustering.Evaluate(model.Transform(flows), featureColumnName: "Features");
            log.WriteLine($"flows clustered: dbi={metrics.DaviesBouldinIndex:F3}, nmi n/a (unlabelled)");
            return model;
        }

        public static IEnumerable<string> DescribeColumns() =>
            new[] { nameof(FlowSummary.BytesIn), nameof(FlowSummary.BytesOut), nameof(FlowSummary.Packets) };
    }
}
