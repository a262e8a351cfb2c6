// expect: PMC002@40, PMC012@51
using System;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Telco.Retention
{
    public sealed class SubscriberRecord
    {
        public float TenureMonths { get; set; }
        public float MonthlyCharges { get; set; }
        public float TotalCharges { get; set; }
        public float SupportCalls { get; set; }
        public float DroppedCallsPerWeek { get; set; }
        public bool Churned { get; set; }
    }

    /// <summary>
    /// Weekly churn model. Feature preparation is fitted once and cached because the export is large
    /// and the scaler is reused by the dashboard job.
    /// </summary>
    public sealed class ChurnModelTrainer
    {
        private readonly MLContext _ml;

        public ChurnModelTrainer(int seed) => _ml = new MLContext(seed);

        public (ITransformer Model, double F1) Train(IEnumerable<SubscriberRecord> records)
        {
            var allRows = _ml.Data.LoadFromEnumerable(records);

            var featurePrep = _ml.Transforms.Concatenate("Features",
                    nameof(SubscriberRecord.TenureMonths), nameof(SubscriberRecord.MonthlyCharges),
                    nameof(SubscriberRecord.TotalCharges), nameof(SubscriberRecord.SupportCalls),
                    nameof(SubscriberRecord.DroppedCallsPerWeek))
                .Append(_ml.Transforms.NormalizeMeanVariance("Features"));

            // Fit the scaler on everything we have so the dashboard sees the same scale as the model.
            var scaler = featurePrep.Fit(allRows);
            var prepared = scaler.Transform(allRows);

            var split = _ml.Data.TrainTestSplit(prepared, testFraction: 0.2);
            var trainer = _ml.BinaryClassification.Trainers.LbfgsLogisticRegression(
                labelColumnName: nameof(SubscriberRecord.Churned), featureColumnName: "Features");
            var model = trainer.Fit(split.TrainSet);

            var metrics = _ml.BinaryClassification.Evaluate(
                model.Transform(split.TestSet), labelColumnName: nameof(SubscriberRecord.Churned));

            var f1 = metrics.F1Score;
            if (f1 < 0.55)
            {
                Console.Error.WriteLine($"Churn model below the F1 bar: {f1:F3}");
            }

            return (scaler.Append(model), f1);
        }
    }
}
