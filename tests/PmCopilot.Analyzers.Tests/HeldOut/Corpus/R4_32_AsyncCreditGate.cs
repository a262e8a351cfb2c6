// expect: PMC012@49
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Lending.Release
{
    public sealed class CreditRow
    {
        public float Utilization { get; set; }
        public float InquiriesLast6M { get; set; }
        public float OldestAccountYears { get; set; }
        public float AnnualIncomeK { get; set; }
        public bool Defaulted { get; set; }
    }

    /// <summary>
    /// Release gate run by the deployment pipeline: trains a candidate model off the request thread
    /// and blocks the release when its holdout score is below the configured bar.
    /// </summary>
    public sealed class CreditModelGate
    {
        private static readonly MLContext Ml = new MLContext(seed: 2026);
        private readonly double _minimumF1;

        public CreditModelGate(double minimumF1) => _minimumF1 = minimumF1;

        private static IEstimator<ITransformer> Candidate() =>
            Ml.Transforms.Concatenate("Features",
                    nameof(CreditRow.Utilization), nameof(CreditRow.InquiriesLast6M),
                    nameof(CreditRow.OldestAccountYears), nameof(CreditRow.AnnualIncomeK))
                .Append(Ml.Transforms.NormalizeBinning("Features", maximumBinCount: 64))
                .Append(Ml.BinaryClassification.Trainers.SgdNonCalibrated(
                    labelColumnName: nameof(CreditRow.Defaulted), numberOfIterations: 30));

        public async Task<bool> ApproveAsync(IEnumerable<CreditRow> rows, CancellationToken token)
        {
            var split = Ml.Data.TrainTestSplit(Ml.Data.LoadFromEnumerable(rows), testFraction: 0.25, seed: 2026);
            var model = await Task.Run(() => Candidate().Fit(split.TrainSet), token);
            var scored = model.Transform(split.TestSet);

            var metrics = await Task.Run(
                () => Ml.BinaryClassification.EvaluateNonCalibrated(scored, labelColumnName: nameof(CreditRow.Defaulted)),
                token);

            bool MeetsBar() => metrics.F1Score >= _minimumF1;

            var approved = MeetsBar();
            Console.WriteLine($"{(approved ? "APPROVED" : "BLOCKED")} candidate (precision {metrics.PositivePrecision:F3}, bar F1 {_minimumF1:F3})");
            return approved;
        }
    }
}
