using Verify = PmCopilot.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PmCopilot.Analyzers.Rules.PMC004GradientsNotClearedAnalyzer>;
using VerifyFix = PmCopilot.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<PmCopilot.Analyzers.Rules.PMC004GradientsNotClearedAnalyzer, PmCopilot.Analyzers.Rules.PMC004GradientsNotClearedFixer>;

namespace PmCopilot.Analyzers.Tests.Rules;

public class PMC004Tests
{
    [Fact]
    public Task ZeroGradOnTheModuleOrInAHelperCounts()
    {
        return Verify.VerifyAnalyzerAsync("""
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class P
            {
                public static void ModuleZeroGrad(Module<Tensor, Tensor> model, Tensor x, Tensor y)
                {
                    var optimizer = torch.optim.SGD(model.parameters(), 0.1);
                    while (true)
                    {
                        model.zero_grad();
                        functional.mse_loss(model.call(x), y).backward();
                        optimizer.step();
                    }
                }

                static void Reset(torch.optim.Optimizer optimizer) => optimizer.zero_grad();

                public static void Helper(Module<Tensor, Tensor> model, Tensor x, Tensor y)
                {
                    var optimizer = torch.optim.SGD(model.parameters(), 0.1);
                    for (var i = 0; i < 3; i++)
                    {
                        Reset(optimizer);
                        functional.mse_loss(model.call(x), y).backward();
                        optimizer.step();
                    }
                }
            }
            """);
    }

    [Fact]
    public Task FixInsertsZeroGradAtTheLoopStart()
    {
        return VerifyFix.VerifyCodeFixAsync("""
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class P
            {
                public static void Run(Module<Tensor, Tensor> model, Tensor x, Tensor y)
                {
                    var opt = torch.optim.Adam(model.parameters(), lr: 0.01);
                    for (var i = 0; i < 3; i++)
                    {
                        var loss = functional.mse_loss(model.call(x), y);
                        loss.backward();
                        {|PMC004:opt.step()|};
                    }
                }
            }
            """, """
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class P
            {
                public static void Run(Module<Tensor, Tensor> model, Tensor x, Tensor y)
                {
                    var opt = torch.optim.Adam(model.parameters(), lr: 0.01);
                    for (var i = 0; i < 3; i++)
                    {
                        opt.zero_grad();
                        var loss = functional.mse_loss(model.call(x), y);
                        loss.backward();
                        opt.step();
                    }
                }
            }
            """);
    }

    [Fact]
    public Task StepHelperInAnotherTypeIsJudgedByItsCallersLoop()
    {
        return Verify.VerifyAnalyzerAsync("""
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class Steps
            {
                public static void Step(Module<Tensor, Tensor> model, torch.optim.Optimizer optimizer, Tensor x, Tensor y)
                {
                    functional.mse_loss(model.call(x), y).backward();
                    {|PMC004:optimizer.step()|};
                }

                public static void ClearedStep(Module<Tensor, Tensor> model, torch.optim.Optimizer optimizer, Tensor x, Tensor y)
                {
                    functional.mse_loss(model.call(x), y).backward();
                    optimizer.step();
                }
            }

            public static class Job
            {
                public static void Run(Module<Tensor, Tensor> model, Tensor x, Tensor y)
                {
                    var optimizer = torch.optim.SGD(model.parameters(), 0.1);
                    for (var i = 0; i < 3; i++)
                        Steps.Step(model, optimizer, x, y);
                    for (var i = 0; i < 3; i++)
                    {
                        optimizer.zero_grad();
                        Steps.ClearedStep(model, optimizer, x, y);
                    }
                }
            }
            """);
    }
}
