// expect: PMC001@46, PMC012@56
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Manufacturing.Qa
{
    public sealed class WeldMeasurement
    {
        public float CurrentAmps { get; set; }
        public float VoltageV { get; set; }
        public float WireFeedMmPerSec { get; set; }
        public float TorchAngleDeg { get; set; }
        public float BeadWidthMm { get; set; }
        public bool Defective { get; set; }
    }

    public interface IDefectModelSelector
    {
        double Score(IDataView data);
    }

    /// <summary>
    /// Scores a linear SVM for weld-defect detection with k-fold cross-validation. Used by the
    /// hyper-parameter sweep, which keeps the configuration with the best mean score.
    /// </summary>
    public sealed class SvmDefectSelector : IDefectModelSelector
    {
        private readonly MLContext _ml;
        private readonly int _iterations;

        public SvmDefectSelector(MLContext ml, int iterations)
        {
            _ml = ml;
            _iterations = iterations;
        }

        private IEstimator<ITransformer> Pipeline()
        {
            var assemble = _ml.Transforms.Concatenate("Features",
                nameof(WeldMeasurement.CurrentAmps), nameof(WeldMeasurement.VoltageV),
                nameof(WeldMeasurement.WireFeedMmPerSec), nameof(WeldMeasurement.TorchAngleDeg),
                nameof(WeldMeasurement.BeadWidthMm));
            var svm = _ml.BinaryClassification.Trainers.LinearSvm(
                labelColumnName: nameof(WeldMeasurement.Defective), numberOfIterations: _iterations);
            return assemble.Append(svm);
        }

        public double Score(IDataView data)
        {
            var folds = _ml.BinaryClassification.CrossValidateNonCalibrated(
                data, Pipeline(), numberOfFolds: 5, labelColumnName: nameof(WeldMeasurement.Defective));

            var meanAccuracy = folds.Average(fold => fold.Metrics.Accuracy);
            var spread = folds.Max(fold => fold.Metrics.PositiveRecall) - folds.Min(fold => fold.Metrics.PositiveRecall);
            Console.WriteLine($"svm/{_iterations}: mean acc {meanAccuracy:P2}, recall spread {spread:P1}");
            return meanAccuracy;
        }
    }

    public static class SvmSweep
    {
        public static int BestIterationCount(IEnumerable<WeldMeasurement> rows, IEnumerable<int> grid)
        {
            var ml = new MLContext(seed: 12);
            var data = ml.Data.LoadFromEnumerable(rows);
            return grid
                .Select(n => (n, score: new SvmDefectSelector(ml, n).Score(data)))
                .OrderByDescending(t => t.score)
                .First().n;
        }
    }
}
