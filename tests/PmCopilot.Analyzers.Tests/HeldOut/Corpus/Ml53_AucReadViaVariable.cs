// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class Report
{
    public static (double Accuracy, double Auc) Summarize(MLContext ml, IDataView scored)
    {
        var metrics = ml.BinaryClassification.Evaluate(scored, labelColumnName: "IsSpam");
        var accuracy = metrics.Accuracy;
        var auc = metrics.AreaUnderRocCurve;
        return (accuracy, auc);
    }
}
