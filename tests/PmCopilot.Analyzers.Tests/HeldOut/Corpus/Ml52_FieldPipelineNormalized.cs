// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public sealed class PricingModel
{
    private readonly MLContext _ml;
    private readonly IEstimator<ITransformer> _pipeline;

    public PricingModel(int seed)
    {
        _ml = new MLContext(seed);
        var features = _ml.Transforms.Concatenate("Features", "Size", "Rooms", "Age");
        var normalized = features.Append(_ml.Transforms.NormalizeMinMax("Features"));
        _pipeline = normalized.Append(_ml.Regression.Trainers.Sdca(maximumNumberOfIterations: 100));
    }

    public RegressionMetrics TrainAndTest(IDataView data)
    {
        var split = _ml.Data.TrainTestSplit(data, testFraction: 0.1);
        var model = _pipeline.Fit(split.TrainSet);
        return _ml.Regression.Evaluate(model.Transform(split.TestSet));
    }
}
