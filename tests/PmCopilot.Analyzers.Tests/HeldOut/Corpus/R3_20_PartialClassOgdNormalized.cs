// expect: none
using System;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Store.Demand;

public sealed class SalesDay
{
    [LoadColumn(0)] public float StoreId { get; set; }
    [LoadColumn(1)] public float Promotion { get; set; }
    [LoadColumn(2)] public float TemperatureC { get; set; }
    [LoadColumn(3)] public float CompetitorPrice { get; set; }
    [LoadColumn(4)] public float UnitsSold { get; set; }
}

public sealed partial class DemandForecaster
{
    private readonly MLContext _ml = new MLContext(2024);

    public RegressionMetrics TrainAndTest(string path)
    {
        IDataView days = _ml.Data.LoadFromTextFile<SalesDay>(path, separatorChar: ',', hasHeader: true);
        var split = _ml.Data.TrainTestSplit(days, testFraction: 0.2, samplingKeyColumnName: nameof(SalesDay.StoreId));

        IEstimator<ITransformer> pipeline = ScaledFeatures();
        pipeline = pipeline.Append(_ml.Regression.Trainers.OnlineGradientDescent(
            labelColumnName: nameof(SalesDay.UnitsSold), learningRate: 0.05f, numberOfIterations: 40));

        ITransformer model = pipeline.Fit(split.TrainSet);
        return _ml.Regression.Evaluate(model.Transform(split.TestSet), labelColumnName: nameof(SalesDay.UnitsSold));
    }
}

public sealed partial class DemandForecaster
{
    private IEstimator<ITransformer> ScaledFeatures() =>
        _ml.Transforms.Concatenate("Features", "Promotion", "TemperatureC", "CompetitorPrice")
            .Append(_ml.Transforms.NormalizeMeanVariance("Features"));
}
