// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class Binned
{
    public static ITransformer Train(MLContext ml, IDataView train)
    {
        var pipeline = ml.Transforms.Concatenate("Features", "Amount", "Age")
            .Append(ml.Transforms.NormalizeBinning(new[] { new InputOutputColumnPair("Features") }, maximumBinCount: 16))
            .Append(ml.BinaryClassification.Trainers.SdcaNonCalibrated());
        return pipeline.Fit(train);
    }
}
