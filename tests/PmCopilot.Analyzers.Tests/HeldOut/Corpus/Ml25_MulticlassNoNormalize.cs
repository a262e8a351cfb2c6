// expect: PMC007@21, PMC001@26
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class Iris
{
    public sealed class Flower
    {
        [LoadColumn(0)] public float SepalLength { get; set; }
        [LoadColumn(1)] public float SepalWidth { get; set; }
        [LoadColumn(2)] public float PetalLength { get; set; }
        [LoadColumn(3)] public float PetalWidth { get; set; }
        [LoadColumn(4)] public string Label { get; set; } = "";
    }

    public static void Run(string path)
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromTextFile<Flower>(path, separatorChar: ',');
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Concatenate("Features", "SepalLength", "SepalWidth", "PetalLength", "PetalWidth"))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy())
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var model = pipeline.Fit(split.TrainSet);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet));
        Console.WriteLine(metrics.LogLoss);
    }
}
