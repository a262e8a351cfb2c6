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

    [Fact]
    public Task ValidationMethodThatSetsEvalOnTheTrainersModelFieldIsFlaggedInTheLoop()
    {
        return Verify.VerifyAnalyzerAsync("""
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public sealed class QualityTrainer
            {
                private readonly Module<Tensor, Tensor> _classifier = Sequential(Linear(12, 32), Dropout(0.3), Linear(32, 3));

                public void Fit(Tensor x, Tensor y, Tensor heldX, Tensor heldY, int steps)
                {
                    var sgd = torch.optim.SGD(_classifier.parameters(), 0.05);
                    for (var step = 0; step < steps; step++)
                    {
                        sgd.zero_grad();
                        functional.cross_entropy(_classifier.call(x), y).backward();
                        sgd.step();
                        if (step % 10 == 0)
                            System.Console.WriteLine({|PMC005:HeldOutLoss(heldX, heldY)|});
                    }
                }

                private float HeldOutLoss(Tensor x, Tensor y)
                {
                    _classifier.eval();
                    using var _ = torch.no_grad();
                    return functional.cross_entropy(_classifier.call(x), y).item<float>();
                }
            }
            """);
    }

    [Fact]
    public Task ValidationMethodOnTheModelFieldIsFineWhenTheLoopSwitchesBackOrTheModuleIsFrozen()
    {
        return Verify.VerifyAnalyzerAsync("""
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public sealed class QualityTrainer
            {
                private readonly Module<Tensor, Tensor> _classifier = Sequential(Linear(12, 32), Dropout(0.3), Linear(32, 3));
                private readonly Module<Tensor, Tensor> _teacher = Sequential(Linear(12, 64), Dropout(0.3), Linear(64, 3));

                public void Fit(Tensor x, Tensor y, Tensor heldX, Tensor heldY, int steps)
                {
                    var sgd = torch.optim.SGD(_classifier.parameters(), 0.05);
                    for (var step = 0; step < steps; step++)
                    {
                        TrainingMode();
                        sgd.zero_grad();
                        functional.cross_entropy(_classifier.call(x), y).backward();
                        sgd.step();
                        System.Console.WriteLine(HeldOutLoss(heldX, heldY));
                    }
                }

                public void Distill(Tensor x, int steps)
                {
                    var sgd = torch.optim.SGD(_classifier.parameters(), 0.05);
                    for (var step = 0; step < steps; step++)
                    {
                        sgd.zero_grad();
                        functional.mse_loss(_classifier.call(x), TeacherLogits(x)).backward();
                        sgd.step();
                    }
                }

                private void TrainingMode() => _classifier.train();

                private Tensor TeacherLogits(Tensor x)
                {
                    _teacher.eval();
                    using var _ = torch.no_grad();
                    return _teacher.call(x);
                }

                private float HeldOutLoss(Tensor x, Tensor y)
                {
                    _classifier.eval();
                    using var _ = torch.no_grad();
                    return functional.cross_entropy(_classifier.call(x), y).item<float>();
                }
            }
            """);
    }

    [Fact]
    public Task EvalOnAModuleCoversItsSubModules()
    {
        return Verify.VerifyAnalyzerAsync("""
            using TorchSharp;
            using TorchSharp.Modules;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public sealed class TwoTower : Module<Tensor, Tensor>
            {
                public Sequential Query { get; } = Sequential(Linear(8, 16), Dropout(0.2), Linear(16, 4));
                public Sequential Item { get; } = Sequential(Linear(8, 16), Dropout(0.2), Linear(16, 4));

                public TwoTower() : base(nameof(TwoTower)) => RegisterComponents();

                public override Tensor forward(Tensor x) => (Query.call(x) * Item.call(x)).sum(1);
            }

            public static class Towers
            {
                public static Tensor QueryVectors(TwoTower towers, Tensor x)
                {
                    towers.eval();
                    using var _ = torch.no_grad();
                    return towers.Query.call(x);
                }

                public static Tensor ItemVectors(TwoTower towers, Tensor x)
                {
                    towers.eval();
                    towers.train();
                    using var _ = torch.no_grad();
                    return {|PMC005:towers.Item.call(x)|};
                }

                public static Tensor QueryVectorsInTrainingMode(TwoTower towers, Tensor x)
                {
                    using var _ = torch.no_grad();
                    return {|PMC005:towers.Query.call(x)|};
                }
            }
            """);
    }
}
