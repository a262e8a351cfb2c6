// expect: none
using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Logistics.Eta;

public sealed class Delivery
{
    [LoadColumn(0)] public float DistanceKm { get; set; }
    [LoadColumn(1)] public float Stops { get; set; }
    [LoadColumn(2)] public float PackageWeightKg { get; set; }
    [LoadColumn(3)] public float HourOfDay { get; set; }
    [LoadColumn(4)] public float DayOfWeek { get; set; }
    [LoadColumn(5), ColumnName("Label")] public float MinutesToDeliver { get; set; }
}

public static class EtaModel
{
    public static void Main(string[] args)
    {
        var ml = new MLContext(seed: 4242);
        var data = ml.Data.LoadFromTextFile<Delivery>(args[0], separatorChar: ',', hasHeader: true);

        var treeOptions = new FastTreeRegressionTrainer.Options
        {
            NumberOfTrees = 500,
            NumberOfLeaves = 24,
            LearningRate = 0.1,
            FeatureFraction = 0.8,
        };

        // Trees split on thresholds, so the raw kilometres and kilograms are fine as they are.
        var pipeline = ml.Transforms.Concatenate("Features", "DistanceKm", "Stops", "PackageWeightKg", "HourOfDay", "DayOfWeek")
            .Append(ml.Regression.Trainers.FastTree(treeOptions));

        var folds = ml.Regression.CrossValidate(data, pipeline, numberOfFolds: 5);
        var r2 = folds.Select(f => f.Metrics.RSquared).ToArray();
        var mae = folds.Select(f => f.Metrics.MeanAbsoluteError).ToArray();
        Console.WriteLine($"R2 {r2.Average():F3} (min {r2.Min():F3}), MAE {mae.Average():F1} min");

        ITransformer final = pipeline.Fit(data);
        ml.Model.Save(final, data.Schema, "eta-model.zip");
    }
}
