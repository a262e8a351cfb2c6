// expect: none
using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Helpdesk.Triage
{
    public sealed class Ticket
    {
        public string Subject { get; set; } = string.Empty;
        public string Body { get; set; } = string.Empty;
        public bool Escalated { get; set; }
    }

    /// <summary>Publishes evaluation numbers to the metrics sink used by the release checklist.</summary>
    public static class MetricsReporter
    {
        public static void Publish(string model, BinaryClassificationMetrics m)
        {
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{model}: auc={m.AreaUnderRocCurve:F4} auprc={m.AreaUnderPrecisionRecallCurve:F4} acc={m.Accuracy:F4}");
            Console.WriteLine(line);
        }
    }

    /// <summary>
    /// Predicts whether a new ticket will be escalated to tier 2. Only text features are used; the
    /// n-gram vectors are already L2-bounded so no separate scaling step is needed.
    /// </summary>
    public sealed class EscalationModel
    {
        private const int Seed = 4242;
        private readonly MLContext _ml = new(seed: Seed);

        private IEstimator<ITransformer> TextFeatures() =>
            _ml.Transforms.Text.FeaturizeText("SubjectFeatures", nameof(Ticket.Subject))
                .Append(_ml.Transforms.Text.FeaturizeText("BodyFeatures", nameof(Ticket.Body)))
                .Append(_ml.Transforms.Concatenate("Features", "SubjectFeatures", "BodyFeatures"));

        public ITransformer Train(IReadOnlyCollection<Ticket> tickets)
        {
            var data = _ml.Data.LoadFromEnumerable(tickets);
            var split = _ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: Seed);

            var pipeline = TextFeatures()
                .Append(_ml.BinaryClassification.Trainers.SdcaLogisticRegression(
                    labelColumnName: nameof(Ticket.Escalated), featureColumnName: "Features"));

            var model = pipeline.Fit(split.TrainSet);
            var metrics = _ml.BinaryClassification.Evaluate(model.Transform(split.TestSet), nameof(Ticket.Escalated));

            // The on-call channel only wants one number; the full set goes to the metrics sink below.
            Console.WriteLine($"escalation model trained on {tickets.Count} tickets, F1 {metrics.F1Score:F3}");
            MetricsReporter.Publish("escalation", metrics);
            return model;
        }
    }
}
