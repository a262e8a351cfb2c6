// expect: PMC003@48
using System;
using System.IO;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace CallCenter.Staffing
{
    public sealed class IntervalVolume
    {
        [LoadColumn(0)] public float DayOfWeek { get; set; }
        [LoadColumn(1)] public float IntervalOfDay { get; set; }
        [LoadColumn(2)] public float MarketingEmailsSent { get; set; }
        [LoadColumn(3)] public float OpenIncidents { get; set; }
        [LoadColumn(4)] public float Calls { get; set; }
    }

    /// <summary>
    /// Poisson regression of inbound calls per 15-minute interval. The scheduler calls
    /// <see cref="FitWithSanityCheck"/> after every nightly refresh of the interval file.
    /// </summary>
    public sealed class CallVolumeModel
    {
        private readonly MLContext _ml = new MLContext(seed: 15);

        public string DataPath { get; init; } = Path.Combine("data", "intervals.csv");

        public float L2 { get; init; } = 0.01f;

        private IEstimator<ITransformer> Pipeline =>
            _ml.Transforms.Concatenate("Features",
                    nameof(IntervalVolume.DayOfWeek), nameof(IntervalVolume.IntervalOfDay),
                    nameof(IntervalVolume.MarketingEmailsSent), nameof(IntervalVolume.OpenIncidents))
                .Append(_ml.Transforms.NormalizeMeanVariance("Features"))
                .Append(_ml.Regression.Trainers.LbfgsPoissonRegression(
                    labelColumnName: nameof(IntervalVolume.Calls), l2Regularization: L2));

        public ITransformer FitWithSanityCheck()
        {
            IDataView intervals = _ml.Data.LoadFromTextFile<IntervalVolume>(DataPath, separatorChar: ',', hasHeader: true);
            return FitWithSanityCheck(intervals);
        }

        public ITransformer FitWithSanityCheck(IDataView intervals)
        {
            var model = Pipeline.Fit(intervals);

            var check = _ml.Regression.Evaluate(model.Transform(intervals), labelColumnName: nameof(IntervalVolume.Calls));
            if (double.IsNaN(check.RSquared) || check.RSquared < 0.3)
            {
                throw new InvalidDataException($"Call-volume fit looks broken (r2={check.RSquared:F3}).");
            }

            Console.WriteLine($"call volume model ok: r2={check.RSquared:F3}, rmse={check.RootMeanSquaredError:F1}");
            return model;
        }
    }
}
