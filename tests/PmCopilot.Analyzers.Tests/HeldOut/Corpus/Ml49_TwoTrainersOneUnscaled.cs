// expect: PMC001@15
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class Comparison
{
    public static void Run(MLContext ml, IDataView train)
    {
        var features = ml.Transforms.Concatenate("Features", "Amount", "Age", "Balance");
        var scaled = features.Append(ml.Transforms.NormalizeMinMax("Features"));
        var logistic = scaled.Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());
        var svm = features.Append(ml.BinaryClassification.Trainers.LinearSvm());
        var forest = features.Append(ml.BinaryClassification.Trainers.FastForest());
        foreach (var candidate in new IEstimator<ITransformer>[] { logistic, svm, forest })
            candidate.Fit(train);
    }
}
