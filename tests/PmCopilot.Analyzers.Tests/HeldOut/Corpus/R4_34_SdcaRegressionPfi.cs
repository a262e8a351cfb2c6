// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Agri.Yield
{
    public sealed class FieldPlot
    {
        public float RainfallMm { get; set; }
        public float NitrogenKgHa { get; set; }
        public float SoilPh { get; set; }
        public float GrowingDegreeDays { get; set; }
        public float SeedingRateK { get; set; }
        public float YieldTHa { get; set; }
    }

    /// <summary>
    /// Yield regression with permutation feature importance, computed on the holdout so that the
    /// ranking reflects what the model uses on unseen plots rather than what it memorised.
    /// </summary>
    public sealed class YieldImportanceAnalysis
    {
        private static readonly string[] FeatureNames =
        {
            nameof(FieldPlot.RainfallMm), nameof(FieldPlot.NitrogenKgHa), nameof(FieldPlot.SoilPh),
            nameof(FieldPlot.GrowingDegreeDays), nameof(FieldPlot.SeedingRateK),
        };

        private readonly MLContext _ml;

        public YieldImportanceAnalysis(int seed) => _ml = new MLContext(seed: seed);

        public IReadOnlyList<(string Feature, double DeltaRSquared)> Run(IEnumerable<FieldPlot> plots)
        {
            var split = _ml.Data.TrainTestSplit(_ml.Data.LoadFromEnumerable(plots), testFraction: 0.3);

            var prep = _ml.Transforms.CopyColumns("Label", nameof(FieldPlot.YieldTHa))
                .Append(_ml.Transforms.Concatenate("Features", FeatureNames))
                .Append(_ml.Transforms.NormalizeBinning("Features", maximumBinCount: 32));
            var preparedModel = prep.Fit(split.TrainSet);

            var trainer = _ml.Regression.Trainers.Sdca(maximumNumberOfIterations: 200);
            var linear = trainer.Fit(preparedModel.Transform(split.TrainSet));

            var holdout = preparedModel.Transform(split.TestSet);
            var quality = _ml.Regression.Evaluate(linear.Transform(holdout));
            Console.WriteLine($"holdout r2 {quality.RSquared:F3}, mae {quality.MeanAbsoluteError:F3} t/ha");

            var importance = _ml.Regression.PermutationFeatureImportance((ITransformer)linear, holdout, permutationCount: 5);

            return importance
                .Select(kv => (Feature: kv.Key, DeltaRSquared: kv.Value.RSquared.Mean))
                .OrderBy(t => t.DeltaRSquared)
                .ToList();
        }
    }
}
