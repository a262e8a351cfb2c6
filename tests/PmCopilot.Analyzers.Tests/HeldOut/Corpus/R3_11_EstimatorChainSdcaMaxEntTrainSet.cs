// expect: PMC001@39, PMC003@42
using System;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Network.Intrusion;

public sealed class FlowRecord
{
    [LoadColumn(0)] public float DurationMs { get; set; }
    [LoadColumn(1)] public float BytesIn { get; set; }
    [LoadColumn(2)] public float BytesOut { get; set; }
    [LoadColumn(3)] public float PacketCount { get; set; }
    [LoadColumn(4)] public float DistinctPorts { get; set; }
    [LoadColumn(5)] public string AttackType { get; set; }
}

public sealed class IntrusionTrainer
{
    private readonly MLContext _ml = new MLContext(seed: 8);

    public MulticlassClassificationMetrics Run(string path)
    {
        IDataView flows = _ml.Data.LoadFromTextFile<FlowRecord>(path, separatorChar: ',', hasHeader: true);
        DataOperationsCatalog.TrainTestData split = _ml.Data.TrainTestSplit(flows, testFraction: 0.3);

        var options = new SdcaMaximumEntropyMulticlassTrainer.Options
        {
            LabelColumnName = "Label",
            FeatureColumnName = "Features",
            MaximumNumberOfIterations = 100,
            ConvergenceTolerance = 0.001f,
        };

        var chain = new EstimatorChain<ITransformer>()
            .Append(_ml.Transforms.Conversion.MapValueToKey("Label", nameof(FlowRecord.AttackType)))
            .Append(_ml.Transforms.Concatenate("Features", "DurationMs", "BytesIn", "BytesOut", "PacketCount", "DistinctPorts"))
            .Append(_ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(options));

        var model = chain.Fit(split.TrainSet);
        var metrics = _ml.MulticlassClassification.Evaluate(model.Transform(split.TrainSet));
        Console.WriteLine($"macro accuracy {metrics.MacroAccuracy:P2}");
        return metrics;
    }
}
