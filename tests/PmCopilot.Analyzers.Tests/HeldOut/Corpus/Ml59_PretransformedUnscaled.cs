// expect: PMC001@14
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class TwoStage
{
    public static ITransformer Train(MLContext ml, IDataView train)
    {
        var prep = ml.Transforms.Concatenate("Features", "Amount", "Age", "Balance").Fit(train);
        var prepared = prep.Transform(train);
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression();
        return prep.Append(trainer.Fit(prepared));
    }
}
