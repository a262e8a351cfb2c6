// expect: PMC012@14
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class CrossValidation
{
    public static void Run(MLContext ml, IDataView data, IEstimator<ITransformer> pipeline)
    {
        var folds = ml.BinaryClassification.CrossValidate(data, pipeline, numberOfFolds: 10);
        foreach (var fold in folds)
            Console.WriteLine($"fold accuracy {fold.Metrics.Accuracy:P2}");
    }
}
