// expect: PMC002@12
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class Folds
{
    public static void Run(MLContext ml, IDataView data)
    {
        var scaled = ml.Transforms.NormalizeMinMax("Features").Fit(data).Transform(data);
        var folds = ml.Data.CrossValidationSplit(scaled, numberOfFolds: 5);
        foreach (var fold in folds)
        {
            var model = ml.Regression.Trainers.Sdca().Fit(fold.TrainSet);
            Console.WriteLine(ml.Regression.Evaluate(model.Transform(fold.TestSet)).RSquared);
        }
    }
}
