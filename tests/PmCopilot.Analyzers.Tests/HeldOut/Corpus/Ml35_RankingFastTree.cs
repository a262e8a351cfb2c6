// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class SearchRanking
{
    public static void Run(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, samplingKeyColumnName: "GroupId");
        var pipeline = ml.Transforms.Conversion.MapValueToKey("GroupIdKey", "GroupId")
            .Append(ml.Transforms.Concatenate("Features", "Bm25", "ClickRate", "Freshness"))
            .Append(ml.Ranking.Trainers.FastTree(rowGroupColumnName: "GroupIdKey"));
        var model = pipeline.Fit(split.TrainSet);
        var metrics = ml.Ranking.Evaluate(model.Transform(split.TestSet), rowGroupColumnName: "GroupIdKey");
        Console.WriteLine(string.Join(", ", metrics.NormalizedDiscountedCumulativeGains));
    }
}
