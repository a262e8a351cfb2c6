// expect: PMC012@19
using System;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Leads.Scoring;

public sealed class Lead
{
    [LoadColumn(0)] public float PageViews { get; set; }
    [LoadColumn(1)] public float EmailOpens { get; set; }
    [LoadColumn(2)] public float CompanySize { get; set; }
    [LoadColumn(3)] public bool Label { get; set; }
}

public sealed record ModelScore(string Name, BinaryClassificationMetrics Metrics)
{
    public override string ToString() => $"{Name}: accuracy {Metrics.Accuracy:P2}";
}

public sealed class LeadModelComparison
{
    private readonly MLContext _ml;

    public LeadModelComparison(int seed) => _ml = new MLContext(seed);

    public IReadOnlyList<ModelScore> Compare(IDataView train, IDataView validation)
    {
        var features = _ml.Transforms.Concatenate("Features", "PageViews", "EmailOpens", "CompanySize")
            .Append(_ml.Transforms.NormalizeMinMax("Features"));

        IEstimator<ITransformer> perceptron = features.Append(_ml.BinaryClassification.Trainers.AveragedPerceptron(numberOfIterations: 20));
        IEstimator<ITransformer> svm = features.Append(_ml.BinaryClassification.Trainers.LinearSvm(numberOfIterations: 20));
        var candidates = new[] { ("perceptron", perceptron), ("svm", svm) };

        var scores = new List<ModelScore>();
        foreach (var (name, pipeline) in candidates)
        {
            ITransformer model = pipeline.Fit(train);
            BinaryClassificationMetrics metrics = _ml.BinaryClassification.EvaluateNonCalibrated(model.Transform(validation));
            scores.Add(new ModelScore(name, metrics));
        }

        return scores;
    }
}
