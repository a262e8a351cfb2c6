// expect: none
using System;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Facilities.Energy
{
    public sealed class MeterReading
    {
        public float OutdoorTempC { get; set; }
        public float Occupancy { get; set; }
        public float FloorAreaM2 { get; set; }
        public float HourOfWeek { get; set; }
        public float KwhNextHour { get; set; }
    }

    public readonly record struct FitReport(double TrainRmse, double TestRmse)
    {
        public double Gap => TestRmse - TrainRmse;
        public bool LooksOverfit => Gap > 0.25 * TestRmse;
    }

    /// <summary>
    /// Online-gradient-descent load forecaster. The report shows training and held-out error next to
    /// each other so that the facilities team can see over-fitting at a glance.
    /// </summary>
    public sealed class LoadForecaster
    {
        private static readonly MLContext Ml = new(seed: 8);

        private static IEstimator<ITransformer> BuildPipeline()
        {
            var columns = new[]
            {
                nameof(MeterReading.OutdoorTempC), nameof(MeterReading.Occupancy),
                nameof(MeterReading.FloorAreaM2), nameof(MeterReading.HourOfWeek),
            };
            var prep = Ml.Transforms.Concatenate("Features", columns);
            var scaled = prep.Append(Ml.Transforms.NormalizeMeanVariance("Features"));
            return scaled.Append(Ml.Regression.Trainers.OnlineGradientDescent(
                labelColumnName: nameof(MeterReading.KwhNextHour), learningRate: 0.05f, numberOfIterations: 20));
        }

        public static FitReport Train(IEnumerable<MeterReading> readings, out ITransformer model)
        {
            var split = Ml.Data.TrainTestSplit(Ml.Data.LoadFromEnumerable(readings), testFraction: 0.25);
            model = BuildPipeline().Fit(split.TrainSet);

            var train = Ml.Regression.Evaluate(model.Transform(split.TrainSet), nameof(MeterReading.KwhNextHour));
            var test = Ml.Regression.Evaluate(model.Transform(split.TestSet), nameof(MeterReading.KwhNextHour));

            var report = new FitReport(train.RootMeanSquaredError, test.RootMeanSquaredError);
            Console.WriteLine($"rmse train {report.TrainRmse:F3} | test {report.TestRmse:F3} | gap {report.Gap:F3}");
            if (report.LooksOverfit)
            {
                Console.WriteLine("warning: held-out error is much worse than training error");
            }

            return report;
        }
    }
}
