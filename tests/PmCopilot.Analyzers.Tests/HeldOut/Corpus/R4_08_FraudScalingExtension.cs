// expect: none
using System;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Payments.Risk
{
    public sealed class CardTransaction
    {
        public float AmountUsd { get; set; }
        public float MerchantRiskScore { get; set; }
        public float SecondsSincePreviousTxn { get; set; }
        public float DistanceFromHomeKm { get; set; }
        public bool IsFraud { get; set; }
    }

    /// <summary>Pipeline helpers shared by every fraud model in this assembly.</summary>
    internal static class PipelineExtensions
    {
        /// <summary>Concatenates the given numeric columns and rescales them into [0, 1].</summary>
        public static IEstimator<ITransformer> ThenScaledFeatures(
            this IEstimator<ITransformer> head, MLContext ml, params string[] columns) =>
            head.Append(ml.Transforms.Concatenate("Features", columns))
                .Append(ml.Transforms.NormalizeMinMax("Features", fixZero: true));

        public static IEstimator<ITransformer> ThenLabel(this MLContext ml, string source) =>
            ml.Transforms.CopyColumns("Label", source);
    }

    public sealed class FraudScorer
    {
        private static readonly int Seed = Environment.GetEnvironmentVariable("FRAUD_SEED") is { } s ? int.Parse(s) : 97;

        private readonly MLContext _ml = new MLContext(seed: Seed);

        public IEstimator<ITransformer> CreatePipeline()
        {
            var head = _ml.ThenLabel(nameof(CardTransaction.IsFraud));
            var scaled = head.ThenScaledFeatures(_ml,
                nameof(CardTransaction.AmountUsd), nameof(CardTransaction.MerchantRiskScore),
                nameof(CardTransaction.SecondsSincePreviousTxn), nameof(CardTransaction.DistanceFromHomeKm));
            return scaled.Append(_ml.BinaryClassification.Trainers.SdcaLogisticRegression(l2Regularization: 1e-4f));
        }

        public string TrainAndDescribe(IEnumerable<CardTransaction> history)
        {
            var split = _ml.Data.TrainTestSplit(_ml.Data.LoadFromEnumerable(history), testFraction: 0.3, seed: Seed);
            var model = CreatePipeline().Fit(split.TrainSet);
            var metrics = _ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));

            // Fraud is ~0.4% of traffic: accuracy alone is meaningless, the PR curve is what ops watches.
            return metrics switch
            {
                { AreaUnderPrecisionRecallCurve: < 0.2 } => $"REJECT auprc={metrics.AreaUnderPrecisionRecallCurve:F3}",
                _ => $"OK auprc={metrics.AreaUnderPrecisionRecallCurve:F3} acc={metrics.Accuracy:P2}",
            };
        }
    }
}
