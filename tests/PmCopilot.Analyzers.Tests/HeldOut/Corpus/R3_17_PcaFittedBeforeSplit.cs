// expect: PMC002@23
using System;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Genomics.Screening;

public sealed class ExpressionProfile
{
    [LoadColumn(0, 49), VectorType(50)] public float[] Genes { get; set; }
    [LoadColumn(50)] public bool Label { get; set; }
}

public static class ScreeningModel
{
    public static void Main(string[] args)
    {
        var ml = new MLContext(seed: 1234);
        IDataView profiles = ml.Data.LoadFromTextFile<ExpressionProfile>(args[0], separatorChar: '\t', hasHeader: false);

        var reduction = ml.Transforms.NormalizeMeanVariance("Genes")
            .Append(ml.Transforms.ProjectToPrincipalComponents("Features", "Genes", rank: 10));
        ITransformer reducer = reduction.Fit(profiles);
        IDataView reduced = reducer.Transform(profiles);

        var split = ml.Data.TrainTestSplit(reduced, testFraction: 0.25);
        var model = ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 8, numberOfTrees: 100).Fit(split.TrainSet);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));

        Console.WriteLine($"accuracy {metrics.Accuracy:P1}, AUC {metrics.AreaUnderRocCurve:F3}, AUPRC {metrics.AreaUnderPrecisionRecallCurve:F3}");
    }
}
