using Microsoft.ML;
using Microsoft.ML.Data;

namespace Corpus.B2MlFeaturizeAndLeak;

public class Ticket
{
    [LoadColumn(0)] public string Title { get; set; } = "";
    [LoadColumn(1)] public float Priority { get; set; }
    [LoadColumn(2)] public string Area { get; set; } = "";
}

public static class Router
{
    public static void Train(MLContext ml, string file)
    {
        var data = ml.Data.LoadFromTextFile<Ticket>(file, hasHeader: true);
        var featurize = ml.Transforms.Text.FeaturizeText("TitleFeatures", "Title")
            .Append(ml.Transforms.NormalizeMeanVariance("Priority"))
            .Append(ml.Transforms.Concatenate("Features", "TitleFeatures", "Priority"))
            .Append(ml.Transforms.Conversion.MapValueToKey("Label", "Area"));
        var featurized = featurize.Fit(data).Transform(data); // expect PMC002
        var split = ml.Data.TrainTestSplit(featurized, testFraction: 0.3);

        var trainer = ml.MulticlassClassification.Trainers.SdcaMaximumEntropy();
        var model = trainer.Fit(split.TrainSet);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet));
        System.Console.WriteLine(metrics.LogLoss);
    }
}
