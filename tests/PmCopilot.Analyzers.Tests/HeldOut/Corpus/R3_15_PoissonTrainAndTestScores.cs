// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Insurance.Claims;

public sealed class Policy
{
    public float DriverAge { get; set; }
    public float VehicleAge { get; set; }
    public float AnnualMileage { get; set; }
    public float PriorClaims { get; set; }
    public float Label { get; set; }
}

public static class ClaimFrequencyModel
{
    public static (double TrainPoissonDeviance, double TestPoissonDeviance) Train(IReadOnlyCollection<Policy> policies)
    {
        var ml = new MLContext(seed: 7);
        var data = ml.Data.LoadFromEnumerable(policies);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 7);

        var pipeline = ml.Transforms.Concatenate("Features", "DriverAge", "VehicleAge", "AnnualMileage", "PriorClaims")
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.Regression.Trainers.LbfgsPoissonRegression(l2Regularization: 0.5f));

        var model = pipeline.Fit(split.TrainSet);

        var trainMetrics = ml.Regression.Evaluate(model.Transform(split.TrainSet));
        var testMetrics = ml.Regression.Evaluate(model.Transform(split.TestSet));
        Console.WriteLine($"train RMSE {trainMetrics.RootMeanSquaredError:F4} | test RMSE {testMetrics.RootMeanSquaredError:F4}");
        Console.WriteLine($"generalization gap {testMetrics.RootMeanSquaredError - trainMetrics.RootMeanSquaredError:F4}");
        return (trainMetrics.LossFunction, testMetrics.LossFunction);
    }
}
