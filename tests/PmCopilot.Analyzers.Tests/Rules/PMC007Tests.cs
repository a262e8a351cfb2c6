using Verify = PmCopilot.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PmCopilot.Analyzers.Rules.PMC007UncontrolledRandomnessAnalyzer>;
using VerifyFix = PmCopilot.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<PmCopilot.Analyzers.Rules.PMC007UncontrolledRandomnessAnalyzer, PmCopilot.Analyzers.Rules.PMC007UncontrolledRandomnessFixer>;

namespace PmCopilot.Analyzers.Tests.Rules;

public class PMC007Tests
{
    [Fact]
    public Task MlContextSeeds()
    {
        return Verify.VerifyAnalyzerAsync("""
            using Microsoft.ML;
            public static class P
            {
                public static void Run(int seed)
                {
                    var a = {|PMC007:new MLContext()|};
                    var b = {|PMC007:new MLContext(null)|};
                    var c = new MLContext(seed);
                    MLContext d = new(seed: 3);
                }
            }
            """);
    }

    [Fact]
    public Task FixAddsASeedToMlContext()
    {
        return VerifyFix.VerifyCodeFixAsync("""
            using Microsoft.ML;
            public static class P
            {
                public static MLContext Create() => {|PMC007:new MLContext()|};
            }
            """, """
            using Microsoft.ML;
            public static class P
            {
                public static MLContext Create() => new MLContext(seed: 1);
            }
            """);
    }

    [Fact]
    public Task FixSeedsTorchAtTheStartOfTheTrainingMethod()
    {
        return VerifyFix.VerifyCodeFixAsync("""
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class P
            {
                public static void Train(Tensor x, Tensor y)
                {
                    var model = Linear(3, 1);
                    var opt = torch.optim.SGD(model.parameters(), 0.1);
                    opt.zero_grad();
                    {|PMC007:functional.mse_loss(model.call(x), y).backward()|};
                    opt.step();
                }
            }
            """, """
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class P
            {
                public static void Train(Tensor x, Tensor y)
                {
                    torch.manual_seed(1);
                    var model = Linear(3, 1);
                    var opt = torch.optim.SGD(model.parameters(), 0.1);
                    opt.zero_grad();
                    functional.mse_loss(model.call(x), y).backward();
                    opt.step();
                }
            }
            """);
    }
}
