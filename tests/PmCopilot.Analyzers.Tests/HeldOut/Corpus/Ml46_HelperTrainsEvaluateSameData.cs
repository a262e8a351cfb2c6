// expect: PMC003@20
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class Experiment
{
    private static ITransformer TrainModel(MLContext ml, IDataView data)
    {
        var pipeline = ml.Transforms.Concatenate("Features", "Size", "Rooms")
            .Append(ml.Regression.Trainers.FastForest());
        return pipeline.Fit(data);
    }

    public static void Run(MLContext ml, IDataView data)
    {
        var model = TrainModel(ml, data);
        var metrics = ml.Regression.Evaluate(model.Transform(data));
        Console.WriteLine(metrics.RSquared);
    }
}
