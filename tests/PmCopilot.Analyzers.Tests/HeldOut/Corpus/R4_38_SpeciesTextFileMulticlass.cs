// expect: none
using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Botany.Classification
{
    public sealed class FlowerMeasurement
    {
        [LoadColumn(0)] public float SepalLengthCm { get; set; }
        [LoadColumn(1)] public float SepalWidthCm { get; set; }
        [LoadColumn(2)] public float PetalLengthCm { get; set; }
        [LoadColumn(3)] public float PetalWidthCm { get; set; }
        [LoadColumn(4)] public string Species { get; set; } = string.Empty;
    }

    /// <summary>Fluent helper so experiment scripts can describe a pipeline stage by stage.</summary>
    public sealed class SpeciesPipelineBuilder
    {
        private readonly MLContext _ml;
        private IEstimator<ITransformer> _chain;

        public SpeciesPipelineBuilder(MLContext ml)
        {
            _ml = ml;
            _chain = ml.Transforms.Conversion.MapValueToKey("Label", nameof(FlowerMeasurement.Species));
        }

        public SpeciesPipelineBuilder WithMeasurements()
        {
            _chain = _chain.Append(_ml.Transforms.Concatenate("Features",
                nameof(FlowerMeasurement.SepalLengthCm), nameof(FlowerMeasurement.SepalWidthCm),
                nameof(FlowerMeasurement.PetalLengthCm), nameof(FlowerMeasurement.PetalWidthCm)));
            return this;
        }

        public SpeciesPipelineBuilder Standardized()
        {
            _chain = _chain.Append(_ml.Transforms.NormalizeMeanVariance("Features"));
            return this;
        }

        public IEstimator<ITransformer> WithMaxEnt(float l1 = 0.01f) =>
            _chain.Append(_ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(l1Regularization: l1));
    }

    public static class SpeciesExperiment
    {
        private const int Seed = 0;

        public static double Run(string trainPath, string testPath)
        {
            var ml = new MLContext(Seed);
            var train = ml.Data.LoadFromTextFile<FlowerMeasurement>(trainPath, separatorChar: ',');
            var test = ml.Data.LoadFromTextFile<FlowerMeasurement>(testPath, separatorChar: ',');

            var estimator = new SpeciesPipelineBuilder(ml).WithMeasurements().Standardized().WithMaxEnt();
            var model = estimator.Fit(train);
            var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));

            var perClass = string.Join(", ", metrics.PerClassLogLoss.Select(l => l.ToString("F2")));
            Console.WriteLine($"micro acc {metrics.MicroAccuracy:P1}, macro acc {metrics.MacroAccuracy:P1}, per-class log-loss [{perClass}]");
            return metrics.MacroAccuracy;
        }
    }
}
