// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class Anomalies
{
    public static void Run(MLContext ml, IDataView data)
    {
        var pipeline = ml.Transforms.Concatenate("Features", "CpuLoad", "MemoryUse")
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.AnomalyDetection.Trainers.RandomizedPca("Features", rank: 1));
        var model = pipeline.Fit(data);
        var metrics = ml.AnomalyDetection.Evaluate(model.Transform(data));
        Console.WriteLine(metrics.AreaUnderRocCurve);
    }
}
