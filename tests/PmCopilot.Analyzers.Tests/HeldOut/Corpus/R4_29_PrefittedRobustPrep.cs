// expect: none
using System;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Lending.Underwriting
{
    public sealed class LoanApplication
    {
        public float Income { get; set; }
        public float DebtToIncome { get; set; }
        public float CreditLines { get; set; }
        public float Delinquencies { get; set; }
        public float LoanAmount { get; set; }
        public bool Defaulted { get; set; }
    }

    /// <summary>
    /// Two-stage training: a feature-preparation transformer is fitted on the training split and
    /// frozen (it is versioned separately and shared with the monitoring job), then the linear
    /// learner is trained on its output.
    /// </summary>
    public sealed class TwoStageUnderwritingTrainer
    {
        private readonly MLContext _ml = new(seed: 7);

        public ITransformer? Preparation { get; private set; }
        public ITransformer? Learner { get; private set; }

        public BinaryClassificationMetrics Train(IEnumerable<LoanApplication> applications)
        {
            var all = _ml.Data.LoadFromEnumerable(applications);
            var split = _ml.Data.TrainTestSplit(all, testFraction: 0.2, seed: 7);

            // Incomes have heavy outliers; robust scaling (median / IQR) keeps them from flattening the rest.
            var prepEstimator = _ml.Transforms.Concatenate("Features",
                    nameof(LoanApplication.Income), nameof(LoanApplication.DebtToIncome),
                    nameof(LoanApplication.CreditLines), nameof(LoanApplication.Delinquencies),
                    nameof(LoanApplication.LoanAmount))
                .Append(_ml.Transforms.NormalizeRobustScaling("Features"));
            Preparation = prepEstimator.Fit(split.TrainSet);

            var trainReady = Preparation.Transform(split.TrainSet);
            var testReady = Preparation.Transform(split.TestSet);

            var perceptron = _ml.BinaryClassification.Trainers.AveragedPerceptron(
                labelColumnName: nameof(LoanApplication.Defaulted), numberOfIterations: 15);
            Learner = perceptron.Fit(trainReady);

            var metrics = _ml.BinaryClassification.EvaluateNonCalibrated(
                Learner.Transform(testReady), labelColumnName: nameof(LoanApplication.Defaulted));
            Console.WriteLine($"acc {metrics.Accuracy:P2} / auc {metrics.AreaUnderRocCurve:F3}");
            return metrics;
        }

        public ITransformer Compose() =>
            (Preparation, Learner) is (not null, not null)
                ? Preparation.Append(Learner)
                : throw new InvalidOperationException("Train must run first.");
    }
}
