// expect: PMC001@39
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Energy.Load;

public sealed class MeterSample
{
    public float OutdoorTempC { get; set; }
    public float Humidity { get; set; }
    public float FloorAreaM2 { get; set; }
    public float Occupants { get; set; }
    public float Kwh { get; set; }
}

public sealed class LoadForecaster
{
    private readonly MLContext _ml = new MLContext(seed: 314);

    public double Fit(IReadOnlyList<MeterSample> history)
    {
        var cutoff = (int)(history.Count * 0.8);
        IDataView train = _ml.Data.LoadFromEnumerable(history.Take(cutoff));
        IDataView holdout = _ml.Data.LoadFromEnumerable(history.Skip(cutoff));

        IEstimator<ITransformer> pipeline = _ml.Transforms.ReplaceMissingValues(
            new[]
            {
                new InputOutputColumnPair(nameof(MeterSample.OutdoorTempC)),
                new InputOutputColumnPair(nameof(MeterSample.Humidity)),
            },
            MissingValueReplacingEstimator.ReplacementMode.Mean);
        pipeline = pipeline.Append(_ml.Transforms.Concatenate("Features", "OutdoorTempC", "Humidity", "FloorAreaM2", "Occupants"));
        pipeline = pipeline.Append(_ml.Transforms.CopyColumns("Label", nameof(MeterSample.Kwh)));
        pipeline = pipeline.Append(_ml.Regression.Trainers.OnlineGradientDescent(learningRate: 0.01f, numberOfIterations: 30));

        ITransformer model = pipeline.Fit(train);
        RegressionMetrics metrics = _ml.Regression.Evaluate(model.Transform(holdout));
        Console.WriteLine($"holdout MAE {metrics.MeanAbsoluteError:F2} kWh, R2 {metrics.RSquared:F3}");
        return metrics.MeanAbsoluteError;
    }
}
