// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Payments.Anomalies;

public sealed class PaymentWindow
{
    public float Count { get; set; }
    public float TotalAmount { get; set; }
    public float DistinctCards { get; set; }
    public float DeclineRate { get; set; }
    public bool Label { get; set; }
}

public sealed class PaymentAnomalyDetector
{
    private readonly MLContext _ml;

    public PaymentAnomalyDetector(MLContext ml) => _ml = ml;

    private IEstimator<ITransformer> Featurize() =>
        _ml.Transforms.Concatenate("Features", "Count", "TotalAmount", "DistinctCards", "DeclineRate")
            .Append(_ml.Transforms.NormalizeMinMax("Features"));

    public AnomalyDetectionMetrics TrainOnNormalTraffic(IEnumerable<PaymentWindow> normalWindows, IEnumerable<PaymentWindow> labelledIncidents)
    {
        IDataView normal = _ml.Data.LoadFromEnumerable(normalWindows);
        IDataView incidents = _ml.Data.LoadFromEnumerable(labelledIncidents);

        var pipeline = Featurize()
            .Append(_ml.AnomalyDetection.Trainers.RandomizedPca(featureColumnName: "Features", rank: 3, ensureZeroMean: true));

        ITransformer model = pipeline.Fit(normal);
        IDataView scored = model.Transform(incidents);
        AnomalyDetectionMetrics metrics = _ml.AnomalyDetection.Evaluate(scored, falsePositiveCount: 20);
        Console.WriteLine($"AUC {metrics.AreaUnderRocCurve:F3}, detection rate @20 FP {metrics.DetectionRateAtFalsePositiveCount:P1}");
        return metrics;
    }
}
