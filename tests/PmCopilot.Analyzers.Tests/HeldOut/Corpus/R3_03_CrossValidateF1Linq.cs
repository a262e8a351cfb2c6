// expect: PMC012@34
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Churn.Experiments;

public sealed class Subscriber
{
    public float TenureMonths { get; set; }
    public float MonthlyCharges { get; set; }
    public float SupportTickets { get; set; }
    public float LoginsPerWeek { get; set; }
    public bool Label { get; set; }
}

public static class ChurnCrossValidation
{
    public static double Run(IReadOnlyList<Subscriber> subscribers)
    {
        var ml = new MLContext(seed: 5);
        IDataView data = ml.Data.LoadFromEnumerable(subscribers);

        var pipeline = ml.Transforms.Concatenate("Features",
                nameof(Subscriber.TenureMonths), nameof(Subscriber.MonthlyCharges),
                nameof(Subscriber.SupportTickets), nameof(Subscriber.LoginsPerWeek))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(l2Regularization: 0.1f));

        var folds = ml.BinaryClassification.CrossValidate(data, pipeline, numberOfFolds: 5);

        double meanF1 = folds.Select(fold => fold.Metrics.F1Score).Average();
        Console.WriteLine($"5-fold mean F1: {meanF1:F3}");
        return meanF1;
    }
}
