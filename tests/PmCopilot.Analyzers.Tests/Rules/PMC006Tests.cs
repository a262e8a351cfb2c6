using VerifyFix = PmCopilot.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<PmCopilot.Analyzers.Rules.PMC006InferenceTracksGradientsAnalyzer, PmCopilot.Analyzers.Rules.PMC006InferenceTracksGradientsFixer>;
using Verify = PmCopilot.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PmCopilot.Analyzers.Rules.PMC006InferenceTracksGradientsAnalyzer>;

namespace PmCopilot.Analyzers.Tests.Rules;

public class PMC006Tests
{
    [Fact]
    public Task SetGradEnabledFalseCounts()
    {
        return Verify.VerifyAnalyzerAsync("""
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class P
            {
                public static Tensor Predict(Module<Tensor, Tensor> model, Tensor x)
                {
                    model.eval();
                    using var off = torch.set_grad_enabled(false);
                    return model.call(x);
                }
            }
            """);
    }

    [Fact]
    public Task FixWrapsTheRestOfTheBlockInNoGrad()
    {
        return VerifyFix.VerifyCodeFixAsync("""
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class P
            {
                public static Tensor Predict(Module<Tensor, Tensor> model, Tensor x)
                {
                    model.eval();
                    var output = {|PMC006:model.call(x)|};
                    return output.argmax(1);
                }
            }
            """, """
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class P
            {
                public static Tensor Predict(Module<Tensor, Tensor> model, Tensor x)
                {
                    model.eval();
                    using var _ = torch.no_grad();
                    var output = model.call(x);
                    return output.argmax(1);
                }
            }
            """);
    }

    [Fact]
    public Task TrainingStepWhoseBackwardWrapsTheCallAfterEvalIsNotInference()
    {
        return Verify.VerifyAnalyzerAsync("""
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class P
            {
                public static void Run(Module<Tensor, Tensor> model, Tensor probe, Tensor x, Tensor y)
                {
                    model.eval();
                    using (torch.no_grad())
                    {
                        var p = model.call(probe);
                    }

                    var optimizer = torch.optim.SGD(model.parameters(), 0.001);
                    var criterion = CrossEntropyLoss();
                    for (var step = 0; step < 100; step++)
                    {
                        optimizer.zero_grad();
                        criterion.call(model.call(x), y).backward();
                        optimizer.step();
                    }
                }
            }
            """);
    }
}
