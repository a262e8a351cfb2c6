using Microsoft.ML;
using Microsoft.ML.Data;

namespace Corpus.B2MlCrossValidation;

public class Patient
{
    [LoadColumn(0)] public float Age { get; set; }
    [LoadColumn(1)] public float Pressure { get; set; }
    [LoadColumn(2)] public bool Label { get; set; }
}

public static class Study
{
    public static void Run(string csv)
    {
        var ml = new MLContext(seed: 2024);
        var data = ml.Data.LoadFromTextFile<Patient>(csv, hasHeader: true, separatorChar: ',');
        var pipeline = ml.Transforms.Concatenate("Features", "Age", "Pressure")
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.BinaryClassification.Trainers.SgdCalibrated());
        var folds = ml.BinaryClassification.CrossValidate(data, pipeline, numberOfFolds: 5);
        foreach (var fold in folds)
            System.Console.WriteLine($"AUC {fold.Metrics.AreaUnderRocCurve:F3} accuracy {fold.Metrics.Accuracy:F3}");

        var final = pipeline.Fit(data);
        var all = ml.BinaryClassification.Evaluate(final.Transform(data));
        System.Console.WriteLine(all.AreaUnderPrecisionRecallCurve);
    }
}
