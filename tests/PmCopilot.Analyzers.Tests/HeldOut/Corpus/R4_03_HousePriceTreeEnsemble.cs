// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Realty.Valuation
{
    public sealed class Listing
    {
        public float LivingAreaSqft { get; set; }
        public float LotAreaSqft { get; set; }
        public float YearBuilt { get; set; }
        public float Bedrooms { get; set; }
        public float DistanceToCenterKm { get; set; }
        public float SalePrice { get; set; }
    }

    /// <summary>
    /// Compares two tree ensembles on raw listing features. Square feet and years are left unscaled on
    /// purpose: split points are scale invariant, so a normalizer would only add a transform to ship.
    /// </summary>
    public static class TreeEnsembleComparison
    {
        private const int Seed = 20_240_611;

        private static readonly string[] RawColumns =
        {
            nameof(Listing.LivingAreaSqft), nameof(Listing.LotAreaSqft), nameof(Listing.YearBuilt),
            nameof(Listing.Bedrooms), nameof(Listing.DistanceToCenterKm),
        };

        public static IReadOnlyDictionary<string, double> Compare(IEnumerable<Listing> listings)
        {
            var ml = new MLContext(seed: Seed);
            var data = ml.Data.LoadFromEnumerable(listings);
            var (train, holdout) = SplitOff(ml, data);

            var candidates = new Dictionary<string, IEstimator<ITransformer>>
            {
                ["fasttree"] = Assemble(ml).Append(ml.Regression.Trainers.FastTree(
                    new FastTreeRegressionTrainer.Options { LabelColumnName = "Label", NumberOfLeaves = 31, NumberOfTrees = 300 })),
                ["forest"] = Assemble(ml).Append(ml.Regression.Trainers.FastForest(numberOfTrees: 200)),
            };

            var rmse = new Dictionary<string, double>();
            foreach (var (name, estimator) in candidates)
            {
                var folds = ml.Regression.CrossValidate(train, estimator, numberOfFolds: 4);
                var cvRmse = folds.Average(f => f.Metrics.RootMeanSquaredError);

                var model = estimator.Fit(train);
                var test = ml.Regression.Evaluate(model.Transform(holdout));
                Console.WriteLine($"{name,-9} cv-rmse {cvRmse:N0}  holdout-rmse {test.RootMeanSquaredError:N0}  r2 {test.RSquared:F3}");
                rmse[name] = test.RootMeanSquaredError;
            }

            return rmse;
        }

        private static IEstimator<ITransformer> Assemble(MLContext ml) =>
            ml.Transforms.CopyColumns("Label", nameof(Listing.SalePrice))
                .Append(ml.Transforms.Concatenate("Features", RawColumns));

        private static (IDataView Train, IDataView Holdout) SplitOff(MLContext ml, IDataView data)
        {
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.15, seed: Seed);
            return (split.TrainSet, split.TestSet);
        }
    }
}
