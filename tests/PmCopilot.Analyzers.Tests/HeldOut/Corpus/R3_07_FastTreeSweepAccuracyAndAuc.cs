// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Marketing.Uplift;

public sealed class CampaignContact
{
    [LoadColumn(0)] public float Age { get; set; }
    [LoadColumn(1)] public float Income { get; set; }
    [LoadColumn(2)] public float PreviousPurchases { get; set; }
    [LoadColumn(3)] public float DaysSinceLastVisit { get; set; }
    [LoadColumn(4)] public bool Label { get; set; }
}

public static class TreeSweep
{
    public static void Main(string[] args)
    {
        var ml = new MLContext(seed: 99);
        IDataView all = ml.Data.LoadFromTextFile<CampaignContact>(args[0], separatorChar: ',', hasHeader: true);
        var split = ml.Data.TrainTestSplit(all, testFraction: 0.2, seed: 99);

        var leafCounts = new[] { 8, 16, 32, 64 };
        var results = leafCounts
            .Select(leaves => new FastTreeBinaryTrainer.Options { NumberOfLeaves = leaves, NumberOfTrees = 200 })
            .Select(options => ml.Transforms.Concatenate("Features", "Age", "Income", "PreviousPurchases", "DaysSinceLastVisit")
                .Append(ml.BinaryClassification.Trainers.FastTree(options)))
            .Select(pipeline => pipeline.Fit(split.TrainSet))
            .Select(model => ml.BinaryClassification.Evaluate(model.Transform(split.TestSet)))
            .Select((metrics, i) => new { Leaves = leafCounts[i], metrics.Accuracy, metrics.AreaUnderRocCurve, metrics.AreaUnderPrecisionRecallCurve })
            .OrderByDescending(r => r.AreaUnderPrecisionRecallCurve)
            .ToList();

        foreach (var r in results)
        {
            Console.WriteLine($"leaves={r.Leaves,3} acc={r.Accuracy:P1} auc={r.AreaUnderRocCurve:F3} auprc={r.AreaUnderPrecisionRecallCurve:F3}");
        }
    }
}
