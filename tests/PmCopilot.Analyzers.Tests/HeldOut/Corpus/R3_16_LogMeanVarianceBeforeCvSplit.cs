// expect: PMC002@31
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Agronomy.Yield;

public sealed class FieldPlot
{
    [LoadColumn(0)] public float RainfallMm { get; set; }
    [LoadColumn(1)] public float NitrogenKgHa { get; set; }
    [LoadColumn(2)] public float SoilPh { get; set; }
    [LoadColumn(3)] public float SunHours { get; set; }
    [LoadColumn(4), ColumnName("Label")] public float YieldTonnesHa { get; set; }
}

public sealed class YieldExperiment
{
    private readonly MLContext _ml;

    public YieldExperiment(MLContext ml) => _ml = ml;

    public double MeanFoldR2(string csvPath)
    {
        IDataView plots = _ml.Data.LoadFromTextFile<FieldPlot>(csvPath, separatorChar: ',', hasHeader: true);

        var featurizer = _ml.Transforms.Concatenate("Features", "RainfallMm", "NitrogenKgHa", "SoilPh", "SunHours")
            .Append(_ml.Transforms.NormalizeLogMeanVariance("Features"));
        var scaler = featurizer.Fit(plots);
        IDataView scaled = scaler.Transform(plots);

        var foldScores = new List<double>();
        foreach (var fold in _ml.Data.CrossValidationSplit(scaled, numberOfFolds: 5))
        {
            var model = _ml.Regression.Trainers.Sdca(maximumNumberOfIterations: 100).Fit(fold.TrainSet);
            var metrics = _ml.Regression.Evaluate(model.Transform(fold.TestSet));
            foldScores.Add(metrics.RSquared);
        }

        Console.WriteLine($"fold R2: {string.Join(", ", foldScores.Select(s => s.ToString("F3")))}");
        return foldScores.Average();
    }
}
