// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public sealed class FeatureService
{
    private readonly MLContext _ml;

    public FeatureService(MLContext ml) => _ml = ml;

    public IEstimator<ITransformer> Features(params string[] columns) =>
        _ml.Transforms.Concatenate("Features", columns).Append(_ml.Transforms.NormalizeMinMax("Features"));
}
