// expect: PMC012@13
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class Report
{
    public static double Score(MLContext ml, ITransformer model, IDataView test)
    {
        BinaryClassificationMetrics metrics = ml.BinaryClassification.EvaluateNonCalibrated(model.Transform(test));
        return metrics.F1Score;
    }
}
