// expect: PMC002@39, PMC012@48
using System;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Insurance.Claims
{
    public sealed class ClaimFeatures
    {
        public float ClaimAmount { get; set; }
        public float PolicyAgeDays { get; set; }
        public float PriorClaims { get; set; }
        public float ReportDelayHours { get; set; }
        public bool Fraudulent { get; set; }
    }

    /// <summary>
    /// Trains the claims triage classifier. The holdout comes from a later export than the training
    /// rows, so it is prepared separately from the training rows.
    /// </summary>
    public sealed class ClaimTriageTrainer
    {
        private const int Seed = 31;
        private readonly MLContext _ml = new MLContext(seed: Seed);

        private EstimatorChain<Microsoft.ML.Transforms.NormalizingTransformer> Scaling() =>
            _ml.Transforms.Concatenate("Features",
                    nameof(ClaimFeatures.ClaimAmount), nameof(ClaimFeatures.PolicyAgeDays),
                    nameof(ClaimFeatures.PriorClaims), nameof(ClaimFeatures.ReportDelayHours))
                .Append(_ml.Transforms.NormalizeMeanVariance("Features"));

        public double TrainAndScore(IEnumerable<ClaimFeatures> claims)
        {
            var split = _ml.Data.TrainTestSplit(_ml.Data.LoadFromEnumerable(claims), testFraction: 0.2, seed: Seed);

            var trainPrepared = Scaling().Fit(split.TrainSet).Transform(split.TrainSet);
            // Give the newer export its own scaler so the drift in claim amounts does not skew it.
            var holdoutScaler = Scaling().Fit(split.TestSet);
            var testPrepared = holdoutScaler.Transform(split.TestSet);

            var trainer = _ml.BinaryClassification.Trainers.SdcaLogisticRegression(
                labelColumnName: nameof(ClaimFeatures.Fraudulent), maximumNumberOfIterations: 100);
            var model = trainer.Fit(trainPrepared);

            var metrics = _ml.BinaryClassification.Evaluate(
                model.Transform(testPrepared), labelColumnName: nameof(ClaimFeatures.Fraudulent));
            var accuracy = metrics.Accuracy;
            Console.WriteLine($"triage accuracy {accuracy:P2} (precision {metrics.PositivePrecision:P1})");
            return accuracy;
        }
    }
}
