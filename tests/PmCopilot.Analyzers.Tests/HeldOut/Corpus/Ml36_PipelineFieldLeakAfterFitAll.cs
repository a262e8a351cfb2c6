// expect: PMC002@21
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public sealed class Trainer
{
    private readonly MLContext _ml = new(seed: 9);
    private readonly IEstimator<ITransformer> _featurizer;

    public Trainer()
    {
        _featurizer = _ml.Transforms.Concatenate("Features", "Amount", "Age", "Balance")
            .Append(_ml.Transforms.NormalizeBinning("Features", maximumBinCount: 32));
    }

    public void Run(IDataView all)
    {
        var featurized = _featurizer.Fit(all).Transform(all);
        var split = _ml.Data.TrainTestSplit(featurized, testFraction: 0.2);
        var model = _ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(split.TrainSet);
        var metrics = _ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
        Console.WriteLine(metrics.AreaUnderPrecisionRecallCurve);
    }
}
