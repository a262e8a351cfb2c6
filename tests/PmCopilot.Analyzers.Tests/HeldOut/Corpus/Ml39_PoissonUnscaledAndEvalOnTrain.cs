// expect: PMC001@13, PMC003@15
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class Counts
{
    public static void Run(MLContext ml, IDataView data)
    {
        var pipeline = ml.Transforms.Concatenate("Features", "Traffic", "Temperature")
            .Append(ml.Regression.Trainers.LbfgsPoissonRegression());
        var model = pipeline.Fit(data);
        var metrics = ml.Regression.Evaluate(model.Transform(data));
        Console.WriteLine(metrics.MeanAbsoluteError);
    }
}
