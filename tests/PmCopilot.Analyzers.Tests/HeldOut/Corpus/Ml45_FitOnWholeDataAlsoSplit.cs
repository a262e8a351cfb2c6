// expect: PMC002@13
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class LeakAfterSplit
{
    public static void Run(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        var scaler = ml.Transforms.NormalizeMinMax("Features").Fit(data);
        var model = ml.BinaryClassification.Trainers.SdcaLogisticRegression().Fit(scaler.Transform(split.TrainSet));
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(scaler.Transform(split.TestSet)));
        Console.WriteLine(metrics.AreaUnderRocCurve);
    }
}
