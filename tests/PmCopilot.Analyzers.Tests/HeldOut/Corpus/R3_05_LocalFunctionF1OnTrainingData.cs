// expect: PMC012@24, PMC003@33
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Support.Escalation;

public sealed class Ticket
{
    public float ResponseHours { get; set; }
    public float Replies { get; set; }
    public float CustomerTier { get; set; }
    public float SentimentScore { get; set; }
    public bool Label { get; set; }
}

public static class EscalationModel
{
    public static ITransformer TrainAndReport(MLContext ml, IEnumerable<Ticket> tickets)
    {
        void Report(CalibratedBinaryClassificationMetrics m) =>
            Console.WriteLine($"Escalation model F1 = {m.F1Score:F3}");

        IDataView data = ml.Data.LoadFromEnumerable(tickets);

        var pipeline = ml.Transforms.Concatenate("Features", "ResponseHours", "Replies", "CustomerTier", "SentimentScore")
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: "Label", featureColumnName: "Features"));

        var model = pipeline.Fit(data);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(data));
        Report(metrics);
        return model;
    }

    public static void Main()
    {
        var rng = new Random(9);
        var tickets = Enumerable.Range(0, 1500).Select(i => new Ticket
        {
            ResponseHours = (float)(rng.NextDouble() * 72),
            Replies = rng.Next(1, 30),
            CustomerTier = rng.Next(1, 4),
            SentimentScore = (float)(rng.NextDouble() * 2 - 1),
            Label = rng.NextDouble() < 0.2,
        }).ToList();

        TrainAndReport(new MLContext(seed: 21), tickets);
    }
}
