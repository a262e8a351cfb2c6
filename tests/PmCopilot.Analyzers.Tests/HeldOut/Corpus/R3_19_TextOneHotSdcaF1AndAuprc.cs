// expect: none
using System;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Moderation.Toxicity;

public sealed class Comment
{
    public string Text { get; set; }
    public string Channel { get; set; }
    public bool Label { get; set; }
}

public sealed class ToxicityTrainer
{
    private readonly MLContext _ml;

    public ToxicityTrainer(MLContext ml) => _ml = ml;

    public ITransformer Train(IEnumerable<Comment> trainComments, IEnumerable<Comment> testComments)
    {
        var train = _ml.Data.LoadFromEnumerable(trainComments);
        var test = _ml.Data.LoadFromEnumerable(testComments);

        // Text n-gram features are L2-normalized by FeaturizeText and one-hot columns are 0/1.
        var pipeline = _ml.Transforms.Text.FeaturizeText("TextFeatures", nameof(Comment.Text))
            .Append(_ml.Transforms.Categorical.OneHotEncoding("ChannelFeatures", nameof(Comment.Channel)))
            .Append(_ml.Transforms.Concatenate("Features", "TextFeatures", "ChannelFeatures"))
            .Append(_ml.BinaryClassification.Trainers.SdcaLogisticRegression());

        var model = pipeline.Fit(train);
        var metrics = _ml.BinaryClassification.Evaluate(model.Transform(test));
        Console.WriteLine($"F1 {metrics.F1Score:F3} | AUPRC {metrics.AreaUnderPrecisionRecallCurve:F3} (positives are rare)");
        return model;
    }
}
