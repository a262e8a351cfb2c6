// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class Regression
{
    public sealed class House
    {
        [LoadColumn(0)] public float Size { get; set; }
        [LoadColumn(1)] public float Rooms { get; set; }
        [LoadColumn(2)] public float Label { get; set; }
    }

    public static void Run(string path)
    {
        var ml = new MLContext(seed: 0);
        var data = ml.Data.LoadFromTextFile<House>(path, hasHeader: true, separatorChar: ',');
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        var pipeline = ml.Transforms.Concatenate("Features", "Size", "Rooms")
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.Regression.Trainers.OnlineGradientDescent());
        var model = pipeline.Fit(split.TrainSet);
        var trainMetrics = ml.Regression.Evaluate(model.Transform(split.TrainSet));
        var testMetrics = ml.Regression.Evaluate(model.Transform(split.TestSet));
        Console.WriteLine($"train R2 {trainMetrics.RSquared:F3} test R2 {testMetrics.RSquared:F3}");
    }
}
