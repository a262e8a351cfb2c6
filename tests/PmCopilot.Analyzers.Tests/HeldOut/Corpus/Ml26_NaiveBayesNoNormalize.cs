// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class Iris
{
    public static ITransformer Train(MLContext ml, IDataView train)
    {
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Concatenate("Features", "SepalLength", "SepalWidth"))
            .Append(ml.MulticlassClassification.Trainers.NaiveBayes());
        return pipeline.Fit(train);
    }
}
