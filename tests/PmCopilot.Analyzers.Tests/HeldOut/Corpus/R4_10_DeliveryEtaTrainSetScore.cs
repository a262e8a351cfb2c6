// expect: PMC007@26, PMC003@45
using System;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Logistics.Eta
{
    public sealed class DeliveryLeg
    {
        public float DistanceKm { get; set; }
        public float StopsBefore { get; set; }
        public float HourOfDay { get; set; }
        public float ParcelWeightKg { get; set; }
        public float MinutesTaken { get; set; }
    }

    public sealed record EtaTrainingOptions(string Mode, int Trees, double HoldoutFraction, int? Seed);

    /// <summary>Retrains the ETA regressor from the last 30 days of completed legs.</summary>
    public static class EtaRetrainer
    {
        public static (ITransformer Model, double Rmse) Retrain(IEnumerable<DeliveryLeg> legs, EtaTrainingOptions options)
        {
            // Seed comes from the job config; most environments leave it unset.
            var ml = new MLContext(seed: null);
            var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(legs), testFraction: options.HoldoutFraction);
            var trainSet = split.TrainSet;

            var features = ml.Transforms.Concatenate("Features",
                    nameof(DeliveryLeg.DistanceKm), nameof(DeliveryLeg.StopsBefore),
                    nameof(DeliveryLeg.HourOfDay), nameof(DeliveryLeg.ParcelWeightKg))
                .Append(ml.Transforms.CopyColumns("Label", nameof(DeliveryLeg.MinutesTaken)));

            IEstimator<ITransformer> learner = options.Mode switch
            {
                "forest" => ml.Regression.Trainers.FastForest(numberOfTrees: options.Trees),
                "gam" => ml.Regression.Trainers.Gam(numberOfIterations: options.Trees),
                _ => ml.Regression.Trainers.FastTree(numberOfTrees: options.Trees, numberOfLeaves: 24),
            };

            var model = features.Append(learner).Fit(trainSet);

            // Quick regression gate before the model is pushed to the dispatch service.
            var gate = ml.Regression.Evaluate(model.Transform(trainSet));
            Console.WriteLine($"[{options.Mode}] rmse={gate.RootMeanSquaredError:F2} min, mae={gate.MeanAbsoluteError:F2} min");

            return gate.RootMeanSquaredError switch
            {
                > 25 => throw new InvalidOperationException("ETA model regressed; keeping the previous one."),
                var rmse => (model, rmse),
            };
        }
    }
}
