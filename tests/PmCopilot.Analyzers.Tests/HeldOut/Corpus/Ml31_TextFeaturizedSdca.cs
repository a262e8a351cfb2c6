// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class Sentiment
{
    public sealed class Review
    {
        [LoadColumn(0)] public string Text { get; set; } = "";
        [LoadColumn(1)] public bool Label { get; set; }
    }

    public static void Run(string path)
    {
        var ml = new MLContext(seed: 3);
        var data = ml.Data.LoadFromTextFile<Review>(path, hasHeader: true, separatorChar: '\t');
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        var pipeline = ml.Transforms.Text.FeaturizeText("Features", nameof(Review.Text))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());
        var model = pipeline.Fit(split.TrainSet);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
        Console.WriteLine($"AUC {metrics.AreaUnderRocCurve:F3} F1 {metrics.F1Score:F3}");
    }
}
