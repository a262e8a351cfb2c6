using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Corpus.MlClusteringKMeans;

public class Customer
{
    [LoadColumn(0)] public float Income { get; set; }
    [LoadColumn(1)] public float Visits { get; set; }
}

public static class Segments
{
    public static void Cluster(string path)
    {
        var ml = new MLContext(seed: 3);
        var data = ml.Data.LoadFromTextFile<Customer>(path, separatorChar: ',');
        var pipeline = ml.Transforms.Concatenate("Features", "Income", "Visits")
            .Append(ml.Clustering.Trainers.KMeans("Features")); // expect PMC001 PMC011
        var model = pipeline.Fit(data);
        System.Console.WriteLine(model != null);
    }

    public static void ClusterWithOptions(string path)
    {
        var ml = new MLContext(seed: 3);
        var data = ml.Data.LoadFromTextFile<Customer>(path, separatorChar: ',');
        var options = new KMeansTrainer.Options { FeatureColumnName = "Features", MaximumNumberOfIterations = 50 };
        var pipeline = ml.Transforms.Concatenate("Features", "Income", "Visits")
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.Clustering.Trainers.KMeans(options)); // expect PMC011
        var model = pipeline.Fit(data);
        var metrics = ml.Clustering.Evaluate(model.Transform(data));
        System.Console.WriteLine(metrics.AverageDistance);
    }

    public static void ClusterExplicit(string path)
    {
        var ml = new MLContext(seed: 3);
        var data = ml.Data.LoadFromTextFile<Customer>(path, separatorChar: ',');
        var pipeline = ml.Transforms.Concatenate("Features", "Income", "Visits")
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.Clustering.Trainers.KMeans("Features", numberOfClusters: 4));
        System.Console.WriteLine(pipeline.Fit(data) != null);
    }
}
