using Verify = PmCopilot.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PmCopilot.Analyzers.Rules.PMC011HyperparameterLeftImplicitAnalyzer>;

namespace PmCopilot.Analyzers.Tests.Rules;

public class PMC011Tests
{
    [Fact]
    public Task OptimizersAndKMeans()
    {
        return Verify.VerifyAnalyzerAsync("""
            using Microsoft.ML;
            using Microsoft.ML.Trainers;
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class P
            {
                public static void Run(MLContext ml)
                {
                    var model = Linear(2, 2);
                    var a = {|PMC011:torch.optim.Adam(model.parameters())|};
                    var b = torch.optim.Adam(model.parameters(), 0.01);
                    var c = {|PMC011:torch.optim.RMSProp(model.parameters(), weight_decay: 0.1)|};
                    var d = torch.optim.SGD(model.parameters(), learningRate: 0.1);
                    var k1 = {|PMC011:ml.Clustering.Trainers.KMeans()|};
                    var k2 = ml.Clustering.Trainers.KMeans(numberOfClusters: 3);
                    var options = new KMeansTrainer.Options();
                    options.NumberOfClusters = 5;
                    var k3 = ml.Clustering.Trainers.KMeans(options);
                }
            }
            """);
    }
}
