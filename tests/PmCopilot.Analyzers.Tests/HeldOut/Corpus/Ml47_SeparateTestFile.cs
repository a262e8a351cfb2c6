// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class Experiment
{
    public sealed class House
    {
        [LoadColumn(0)] public float Size { get; set; }
        [LoadColumn(1)] public float Rooms { get; set; }
        [LoadColumn(2)] public float Label { get; set; }
    }

    public static void Run(string trainPath, string testPath)
    {
        var ml = new MLContext(seed: Environment.TickCount);
        var train = ml.Data.LoadFromTextFile<House>(trainPath, hasHeader: true, separatorChar: ',');
        var test = ml.Data.LoadFromTextFile<House>(testPath, hasHeader: true, separatorChar: ',');
        var pipeline = ml.Transforms.Concatenate("Features", "Size", "Rooms")
            .Append(ml.Transforms.NormalizeSupervisedBinning("Features"))
            .Append(ml.Regression.Trainers.OnlineGradientDescent());
        var model = pipeline.Fit(train);
        var metrics = ml.Regression.Evaluate(model.Transform(test));
        Console.WriteLine(metrics.RSquared);
    }
}
