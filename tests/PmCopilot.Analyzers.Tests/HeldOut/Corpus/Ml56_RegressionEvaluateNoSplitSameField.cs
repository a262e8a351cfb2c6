// expect: PMC003@21
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public sealed class Forecast
{
    private readonly MLContext _ml = new(seed: 4);
    private IDataView _history = null!;

    public void Load(string path) => _history = _ml.Data.LoadFromTextFile(path, new[] { new TextLoader.Column("Label", DataKind.Single, 0), new TextLoader.Column("Lag1", DataKind.Single, 1) }, hasHeader: true);

    public double Fit()
    {
        var pipeline = _ml.Transforms.Concatenate("Features", "Lag1")
            .Append(_ml.Transforms.NormalizeMinMax("Features"))
            .Append(_ml.Regression.Trainers.Sdca());
        var model = pipeline.Fit(_history);
        return _ml.Regression.Evaluate(model.Transform(_history)).RSquared;
    }
}
