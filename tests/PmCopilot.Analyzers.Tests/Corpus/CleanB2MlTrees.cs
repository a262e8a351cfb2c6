using Microsoft.ML;
using Microsoft.ML.Data;

namespace Corpus.CleanB2MlTrees;

public static class Anomalies
{
    public static void Run(MLContext ml, IDataView train, IDataView test)
    {
        var pipeline = ml.Transforms.Concatenate("Features", "A", "B", "C")
            .Append(ml.Transforms.NormalizeRobustScaling("Features"))
            .Append(ml.BinaryClassification.Trainers.AveragedPerceptron(numberOfIterations: 20));
        var model = pipeline.Fit(train);
        var metrics = ml.BinaryClassification.EvaluateNonCalibrated(model.Transform(test));
        System.Console.WriteLine($"{metrics.Accuracy} {metrics.AreaUnderRocCurve}");

        var bayes = ml.Transforms.Concatenate("Features", "A", "B").Append(ml.MulticlassClassification.Trainers.NaiveBayes());
        System.Console.WriteLine(bayes.Fit(train) != null);
    }
}
