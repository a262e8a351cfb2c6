// expect: PMC007@20, PMC012@35
using System;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Quality.Inspection;

public sealed class SensorReading
{
    public float Vibration { get; set; }
    public float Temperature { get; set; }
    public float Pressure { get; set; }
    public float Current { get; set; }
    public bool Label { get; set; }
}

public static class DefectClassifier
{
    private static readonly MLContext Ml = new MLContext();

    public static double ValidationF1<TRow>(IEnumerable<TRow> trainRows, IEnumerable<TRow> validationRows)
        where TRow : class
    {
        IDataView train = Ml.Data.LoadFromEnumerable(trainRows);
        IDataView validation = Ml.Data.LoadFromEnumerable(validationRows);

        IEstimator<ITransformer> pipeline = Ml.Transforms.Concatenate("Features", "Vibration", "Temperature", "Pressure", "Current")
            .Append(Ml.Transforms.NormalizeRobustScaling("Features"))
            .Append(Ml.BinaryClassification.Trainers.LinearSvm(numberOfIterations: 50));

        ITransformer model = pipeline.Fit(train);
        BinaryClassificationMetrics metrics = Ml.BinaryClassification.EvaluateNonCalibrated(model.Transform(validation));

        var f1 = metrics.F1Score;
        Console.WriteLine($"validation F1: {f1:F3}");
        return f1;
    }
}
