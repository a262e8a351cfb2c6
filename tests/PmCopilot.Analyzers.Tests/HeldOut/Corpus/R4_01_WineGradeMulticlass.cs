// expect: PMC001@53, PMC007@68
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Vintner.Quality.Training
{
    /// <summary>One laboratory analysis row as exported by the cellar LIMS.</summary>
    public sealed class WineSample
    {
        public float FixedAcidity { get; set; }
        public float ResidualSugar { get; set; }
        public float FreeSulfurDioxide { get; set; }
        public float TotalSulfurDioxide { get; set; }
        public float Density { get; set; }
        public float Alcohol { get; set; }
        public string Grade { get; set; } = "B";
    }

    /// <summary>
    /// Builds the estimator for the nightly grade classifier. Feature assembly and the trainer live in
    /// separate members so the regional teams can swap the column list without touching the learner.
    /// </summary>
    public sealed class WineGradePipelineBuilder
    {
        private static readonly string[] LabColumns =
        {
            nameof(WineSample.FixedAcidity),
            nameof(WineSample.ResidualSugar),
            nameof(WineSample.FreeSulfurDioxide),
            nameof(WineSample.TotalSulfurDioxide),
            nameof(WineSample.Density),
            nameof(WineSample.Alcohol),
        };

        private readonly MLContext _ml;

        public WineGradePipelineBuilder(MLContext ml) => _ml = ml;

        public int MaxIterations { get; init; } = 60;

        private IEstimator<ITransformer> Features()
        {
            var label = _ml.Transforms.Conversion.MapValueToKey("Label", nameof(WineSample.Grade));
            return label.Append(_ml.Transforms.Concatenate("Features", LabColumns));
        }

        public IEstimator<ITransformer> Build()
        {
            var features = Features();
            var learner = _ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Features", maximumNumberOfIterations: MaxIterations);
            var withLearner = features.Append(learner);
            return withLearner.Append(_ml.Transforms.Conversion.MapKeyToValue("PredictedGrade", "PredictedLabel"));
        }
    }

    public static class WineGradeJob
    {
        public static MulticlassClassificationMetrics Run(IReadOnlyList<WineSample> samples)
        {
            if (samples.Count == 0)
            {
                throw new ArgumentException("No lab samples to train on.", nameof(samples));
            }

            var ml = new MLContext();
            var data = ml.Data.LoadFromEnumerable(samples);
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.25);

            var model = new WineGradePipelineBuilder(ml) { MaxIterations = 80 }.Build().Fit(split.TrainSet);
            var metrics = ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet));

            var worstClass = metrics.PerClassLogLoss
                .Select((loss, index) => (loss, index))
                .OrderByDescending(p => p.loss)
                .First();
            Console.WriteLine($"Macro accuracy {metrics.MacroAccuracy:P1}, log-loss {metrics.LogLoss:F3}, worst class #{worstClass.index}");
            return metrics;
        }
    }
}
