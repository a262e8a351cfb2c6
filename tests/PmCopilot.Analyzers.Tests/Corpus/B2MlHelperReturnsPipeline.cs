using Microsoft.ML;
using Microsoft.ML.Data;

namespace Corpus.B2MlHelperReturnsPipeline;

public static class Churn
{
    private static IEstimator<ITransformer> BuildPipeline(MLContext ml)
    {
        var features = ml.Transforms.Concatenate("Features", "Tenure", "MonthlyCharges", "TotalCharges");
        return features.Append(ml.BinaryClassification.Trainers.LinearSvm()); // expect PMC001
    }

    public static void Main2(string path)
    {
        var ml = new MLContext(); // expect PMC007
        var data = ml.Data.LoadFromTextFile(path, new[]
        {
            new TextLoader.Column("Tenure", DataKind.Single, 0),
            new TextLoader.Column("MonthlyCharges", DataKind.Single, 1),
            new TextLoader.Column("TotalCharges", DataKind.Single, 2),
            new TextLoader.Column("Label", DataKind.Boolean, 3),
        }, separatorChar: ',', hasHeader: true);
        var model = BuildPipeline(ml).Fit(data);
        var predictions = model.Transform(data);
        var metrics = ml.BinaryClassification.EvaluateNonCalibrated(predictions); // expect PMC003
        System.Console.WriteLine($"F1 {metrics.F1Score}"); // expect PMC012
    }
}
