// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;

namespace Pricing.Training;

public sealed class HouseRow
{
    public float SquareMeters { get; set; }
    public float Rooms { get; set; }
    public float DistanceToCenterKm { get; set; }
    public float YearBuilt { get; set; }
    public float Price { get; set; }
}

public sealed class PriceModelTrainer
{
    private readonly MLContext _ml;

    public PriceModelTrainer(MLContext ml) => _ml = ml;

    private EstimatorChain<NormalizingTransformer> BuildFeaturePipeline() =>
        _ml.Transforms.Concatenate("Features",
                nameof(HouseRow.SquareMeters), nameof(HouseRow.Rooms),
                nameof(HouseRow.DistanceToCenterKm), nameof(HouseRow.YearBuilt))
            .Append(_ml.Transforms.NormalizeMeanVariance("Features"));

    public RegressionMetrics TrainAndEvaluate(IEnumerable<HouseRow> rows)
    {
        IDataView data = _ml.Data.LoadFromEnumerable(rows);
        DataOperationsCatalog.TrainTestData split = _ml.Data.TrainTestSplit(data, testFraction: 0.25, seed: 11);

        var options = new SdcaRegressionTrainer.Options
        {
            LabelColumnName = nameof(HouseRow.Price),
            FeatureColumnName = "Features",
            L2Regularization = 0.01f,
            MaximumNumberOfIterations = 200,
        };

        var pipeline = BuildFeaturePipeline()
            .Append(_ml.Regression.Trainers.Sdca(options));

        ITransformer model = pipeline.Fit(split.TrainSet);
        IDataView scored = model.Transform(split.TestSet);
        return _ml.Regression.Evaluate(scored, labelColumnName: nameof(HouseRow.Price));
    }
}

public static class Program
{
    public static void Main()
    {
        var random = new Random(3);
        var rows = Enumerable.Range(0, 2000).Select(_ =>
        {
            float size = 40 + (float)random.NextDouble() * 160;
            float rooms = 1 + random.Next(6);
            float distance = (float)random.NextDouble() * 25;
            float year = 1950 + random.Next(74);
            return new HouseRow
            {
                SquareMeters = size,
                Rooms = rooms,
                DistanceToCenterKm = distance,
                YearBuilt = year,
                Price = 2500 * size + 8000 * rooms - 4000 * distance + 300 * (year - 1950),
            };
        }).ToList();

        var trainer = new PriceModelTrainer(new MLContext(seed: 2026));
        RegressionMetrics metrics = trainer.TrainAndEvaluate(rows);
        Console.WriteLine($"R2={metrics.RSquared:F3} RMSE={metrics.RootMeanSquaredError:F0}");
    }
}
