// expect: PMC001@13
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class WrongOrder
{
    public static ITransformer Train(MLContext ml, IDataView train)
    {
        var pipeline = ml.Transforms.Concatenate("Features", "Amount", "Age")
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression())
            .Append(ml.Transforms.NormalizeMinMax("Score"));
        return pipeline.Fit(train);
    }
}
