// expect: none
using System;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Credit.Default;

public sealed class LoanApplication
{
    [LoadColumn(0)] public float Income { get; set; }
    [LoadColumn(1)] public float LoanAmount { get; set; }
    [LoadColumn(2)] public float CreditHistoryYears { get; set; }
    [LoadColumn(3)] public float DebtToIncome { get; set; }
    [LoadColumn(4)] public bool Label { get; set; }
}

internal static class Pipelines
{
    public static IEstimator<ITransformer> Features(MLContext ml)
    {
        var concat = ml.Transforms.Concatenate("Features", "Income", "LoanAmount", "CreditHistoryYears", "DebtToIncome");
        return concat.Append(ml.Transforms.NormalizeBinning("Features", maximumBinCount: 64));
    }

    public static IEstimator<ITransformer> DefaultModel(MLContext ml) =>
        Features(ml).Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(l2Regularization: 0.001f));
}

public static class DefaultRiskJob
{
    public static int Main(string[] args)
    {
        var ml = new MLContext(seed: 2718);
        IDataView applications = ml.Data.LoadFromTextFile<LoanApplication>(args[0], separatorChar: ',', hasHeader: true);
        var split = ml.Data.TrainTestSplit(applications, testFraction: 0.2, seed: 31);

        var model = Pipelines.DefaultModel(ml).Fit(split.TrainSet);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));

        Console.WriteLine($"accuracy {metrics.Accuracy:P2}");
        Console.WriteLine($"ROC AUC  {metrics.AreaUnderRocCurve:F4}");
        Console.WriteLine(metrics.ConfusionMatrix.GetFormattedConfusionTable());
        return metrics.AreaUnderRocCurve > 0.75 ? 0 : 1;
    }
}
