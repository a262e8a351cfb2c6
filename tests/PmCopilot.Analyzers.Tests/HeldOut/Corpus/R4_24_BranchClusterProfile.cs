// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Banking.Branches
{
    public sealed class BranchStats
    {
        public float DailyFootfall { get; set; }
        public float CashWithdrawalsK { get; set; }
        public float MortgageApplications { get; set; }
        public float SafeDepositBoxes { get; set; }
    }

    /// <summary>
    /// Groups bank branches into staffing profiles. There is no label here: the Davies-Bouldin index on
    /// the fitted rows is the only quality signal and is tracked across runs.
    /// </summary>
    public static class BranchClusterer
    {
        public const int ProfileCount = 6;

        public static (ITransformer Model, ClusteringMetrics Metrics) Fit(IEnumerable<BranchStats> branches, int seed)
        {
            var ml = new MLContext(seed: seed);
            var data = ml.Data.LoadFromEnumerable(branches);

            var options = new KMeansTrainer.Options
            {
                FeatureColumnName = "Features",
                NumberOfClusters = ProfileCount,
                InitializationAlgorithm = KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus,
                MaximumNumberOfIterations = 500,
            };

            var pipeline = ml.Transforms.Concatenate("Features",
                    nameof(BranchStats.DailyFootfall), nameof(BranchStats.CashWithdrawalsK),
                    nameof(BranchStats.MortgageApplications), nameof(BranchStats.SafeDepositBoxes))
                .Append(ml.Transforms.NormalizeLogMeanVariance("Features", useCdf: false))
                .Append(ml.Clustering.Trainers.KMeans(options));

            var model = pipeline.Fit(data);
            var metrics = ml.Clustering.Evaluate(model.Transform(data), scoreColumnName: "Score", featureColumnName: "Features");
            return (model, metrics);
        }

        public static string Describe(ClusteringMetrics m) =>
            $"dbi={m.DaviesBouldinIndex:F3} avg-dist={m.AverageDistance:F3}";

        public static void ReportBestSeed(IReadOnlyList<BranchStats> branches)
        {
            var runs = Enumerable.Range(0, 3).Select(seed => Fit(branches, seed)).ToList();
            var best = runs.MinBy(r => r.Metrics.DaviesBouldinIndex);
            Console.WriteLine($"best of {runs.Count} seeds: {Describe(best.Metrics)}");
        }
    }
}
