// expect: PMC003@23
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

    public static void Run(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        var pipeline = ml.Transforms.Concatenate("Features", "Size", "Rooms")
            .Append(ml.Regression.Trainers.FastTree());
        var model = pipeline.Fit(split.TrainSet);
        var metrics = ml.Regression.Evaluate(model.Transform(split.TrainSet));
        Console.WriteLine(metrics.RootMeanSquaredError);
    }
}
