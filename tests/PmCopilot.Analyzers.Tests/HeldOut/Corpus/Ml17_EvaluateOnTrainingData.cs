// expect: PMC003@26
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
        var pipeline = ml.Transforms.Concatenate("Features", "Size", "Rooms")
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.Regression.Trainers.Sdca());
        var model = pipeline.Fit(data);
        var predictions = model.Transform(data);
        var metrics = ml.Regression.Evaluate(predictions);
        Console.WriteLine($"R2 {metrics.RSquared:F3}");
    }
}
