using Verify = PmCopilot.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PmCopilot.Analyzers.Rules.PMC005EvalModeNotSetAnalyzer>;
using VerifyFix = PmCopilot.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<PmCopilot.Analyzers.Rules.PMC005EvalModeNotSetAnalyzer, PmCopilot.Analyzers.Rules.PMC005EvalModeNotSetFixer>;

namespace PmCopilot.Analyzers.Tests.Rules;

public class PMC005Tests
{
    [Fact]
    public Task CallerThatSetsEvalCoversTheHelper()
    {
        return Verify.VerifyAnalyzerAsync("""
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class P
            {
                static Tensor Score(Module<Tensor, Tensor> model, Tensor x)
                {
                    using var _ = torch.no_grad();
                    return model.call(x);
                }

                public static Tensor Run(Module<Tensor, Tensor> model, Tensor x)
                {
                    model.eval();
                    return Score(model, x);
                }
            }
            """);
    }

    [Fact]
    public Task FixCallsEvalBeforeTheNoGradBlock()
    {
        return VerifyFix.VerifyCodeFixAsync("""
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class P
            {
                public static void Run(Module<Tensor, Tensor> model, Tensor x)
                {
                    using (torch.no_grad())
                    {
                        var y = {|PMC005:model.call(x)|};
                    }
                }
            }
            """, """
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class P
            {
                public static void Run(Module<Tensor, Tensor> model, Tensor x)
                {
                    model.eval();
                    using (torch.no_grad())
                    {
                        var y = model.call(x);
                    }
                }
            }
            """);
    }

    [Fact]
    public Task FixCallsTrainWhenTrainingResumes()
    {
        return VerifyFix.VerifyCodeFixAsync("""
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class P
            {
                public static void Run(Module<Tensor, Tensor> model, Tensor x, Tensor y, Tensor vx)
                {
                    var opt = torch.optim.SGD(model.parameters(), 0.1);
                    for (var epoch = 0; epoch < 5; epoch++)
                    {
                        opt.zero_grad();
                        functional.mse_loss(model.call(x), y).backward();
                        opt.step();
                        {|PMC005:model.eval()|};
                        using var _ = torch.no_grad();
                        var v = model.call(vx);
                    }
                }
            }
            """, """
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class P
            {
                public static void Run(Module<Tensor, Tensor> model, Tensor x, Tensor y, Tensor vx)
                {
                    var opt = torch.optim.SGD(model.parameters(), 0.1);
                    for (var epoch = 0; epoch < 5; epoch++)
                    {
                        model.train();
                        opt.zero_grad();
                        functional.mse_loss(model.call(x), y).backward();
                        opt.step();
                        model.eval();
                        using var _ = torch.no_grad();
                        var v = model.call(vx);
                    }
                }
            }
            """);
    }

    [Fact]
    public Task EvalInTheConstructorCoversTheFieldModel()
    {
        return Verify.VerifyAnalyzerAsync("""
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public sealed class Predictor
            {
                private readonly Module<Tensor, Tensor> _model;
                public Predictor(Module<Tensor, Tensor> model)
                {
                    _model = model;
                    _model.eval();
                }

                public Tensor Predict(Tensor x)
                {
                    using var _ = torch.no_grad();
                    return _model.call(x);
                }
            }
            """);
    }

    [Fact]
    public Task SubModuleInItsParentsOwnMethodFollowsTheParentsMode()
    {
        return Verify.VerifyAnalyzerAsync("""
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public sealed class Scorer : Module<Tensor, Tensor>
            {
                private readonly Module<Tensor, Tensor> _net;
                public Scorer() : base(nameof(Scorer))
                {
                    _net = Sequential(Linear(10, 20), ReLU(), Linear(20, 1));
                    RegisterComponents();
                }

                public override Tensor forward(Tensor input) => _net.call(input);

                public Tensor Score(Tensor input)
                {
                    using var noGrad = torch.no_grad();
                    return _net.call(input).squeeze(-1);
                }
            }
            """);
    }

    [Fact]
    public Task SubModuleInAnotherTypeStillNeedsEval()
    {
        return Verify.VerifyAnalyzerAsync("""
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public sealed class Scorer
            {
                private readonly Module<Tensor, Tensor> _net = Sequential(Linear(10, 20), ReLU(), Linear(20, 1));

                public Tensor Score(Tensor input)
                {
                    using var noGrad = torch.no_grad();
                    return {|PMC005:_net.call(input)|}.squeeze(-1);
                }
            }
            """);
    }

    [Fact]
    public Task ModelOfAConstrainedTypeParameterIsAModule()
    {
        return Verify.VerifyAnalyzerAsync("""
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class P
            {
                public static Tensor Predict<TModule>(TModule model, Tensor x) where TModule : Module<Tensor, Tensor>
                {
                    model.eval();
                    using var _ = torch.no_grad();
                    return model.call(x);
                }

                public static Tensor PredictInTrainingMode<TModule>(TModule model, Tensor x) where TModule : Module<Tensor, Tensor>
                {
                    using var _ = torch.no_grad();
                    return {|PMC005:model.call(x)|};
                }
            }
            """);
    }
}
