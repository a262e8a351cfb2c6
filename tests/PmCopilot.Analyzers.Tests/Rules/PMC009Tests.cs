using VerifyFix = PmCopilot.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<PmCopilot.Analyzers.Rules.PMC009ForwardCalledDirectlyAnalyzer, PmCopilot.Analyzers.Rules.PMC009ForwardCalledDirectlyFixer>;

namespace PmCopilot.Analyzers.Tests.Rules;

public class PMC009Tests
{
    [Fact]
    public Task ForwardInsideAModuleForwardIsFineOutsideItIsFixed()
    {
        return VerifyFix.VerifyCodeFixAsync("""
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public sealed class Net : Module<Tensor, Tensor>
            {
                private readonly Module<Tensor, Tensor> _layer = Linear(2, 2);
                public Net() : base("net") => RegisterComponents();
                public override Tensor forward(Tensor x) => _layer.forward(x);
            }
            public static class P
            {
                public static Tensor Run(Net net, Tensor x) => net.{|PMC009:forward|}(x);
            }
            """, """
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public sealed class Net : Module<Tensor, Tensor>
            {
                private readonly Module<Tensor, Tensor> _layer = Linear(2, 2);
                public Net() : base("net") => RegisterComponents();
                public override Tensor forward(Tensor x) => _layer.forward(x);
            }
            public static class P
            {
                public static Tensor Run(Net net, Tensor x) => net.call(x);
            }
            """);
    }
}
