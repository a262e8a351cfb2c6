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
}
