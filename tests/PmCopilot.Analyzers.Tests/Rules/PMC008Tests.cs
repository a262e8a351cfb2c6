using VerifyFix = PmCopilot.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<PmCopilot.Analyzers.Rules.PMC008LossMismatchedWithOutputsAnalyzer, PmCopilot.Analyzers.Rules.PMC008LossMismatchedWithOutputsFixer>;
using Verify = PmCopilot.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PmCopilot.Analyzers.Rules.PMC008LossMismatchedWithOutputsAnalyzer>;

namespace PmCopilot.Analyzers.Tests.Rules;

public class PMC008Tests
{
    [Fact]
    public Task LogSoftmaxIntoNllLossIsFine()
    {
        return Verify.VerifyAnalyzerAsync("""
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class P
            {
                public static Tensor Loss(Tensor logits, Tensor y) => NLLLoss().call(functional.log_softmax(logits, 1), y);
            }
            """);
    }

    [Fact]
    public Task FixRemovesSoftmaxBeforeCrossEntropy()
    {
        return VerifyFix.VerifyCodeFixAsync("""
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class P
            {
                public static Tensor Loss(Tensor logits, Tensor y)
                {
                    var probabilities = functional.softmax(logits, 1);
                    return {|PMC008:CrossEntropyLoss().call(probabilities, y)|};
                }
            }
            """, """
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class P
            {
                public static Tensor Loss(Tensor logits, Tensor y)
                {
                    var probabilities = logits;
                    return CrossEntropyLoss().call(probabilities, y);
                }
            }
            """);
    }

    [Fact]
    public Task FixSwitchesToLogitsLoss()
    {
        return VerifyFix.VerifyCodeFixAsync("""
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class P
            {
                public static Tensor Loss(Tensor logits, Tensor y)
                {
                    var criterion = BCELoss();
                    return {|PMC008:criterion.call(logits.sigmoid(), y)|};
                }
            }
            """, """
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class P
            {
                public static Tensor Loss(Tensor logits, Tensor y)
                {
                    var criterion = BCEWithLogitsLoss();
                    return criterion.call(logits, y);
                }
            }
            """);
    }

    [Fact]
    public Task FixDropsTheFinalSoftmaxLayer()
    {
        return VerifyFix.VerifyCodeFixAsync("""
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class P
            {
                public static Tensor Loss(Tensor x, Tensor y)
                {
                    var model = Sequential(Linear(4, 3), Softmax(1));
                    return {|PMC008:CrossEntropyLoss().call(model.call(x), y)|};
                }
            }
            """, """
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class P
            {
                public static Tensor Loss(Tensor x, Tensor y)
                {
                    var model = Sequential(Linear(4, 3));
                    return CrossEntropyLoss().call(model.call(x), y);
                }
            }
            """);
    }

    [Fact]
    public Task ProbabilitiesReshapedBeforeTheLossAreStillProbabilities()
    {
        return Verify.VerifyAnalyzerAsync("""
            using TorchSharp;
            using TorchSharp.Modules;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class Defects
            {
                private static Sequential Detector() => Sequential(("hidden", Linear(6, 16)), ("relu", ReLU()), ("out", Linear(16, 1)), ("squash", Sigmoid()));

                public static Tensor LayerLoss(Tensor readings, Tensor defective)
                {
                    var detector = Detector();
                    var scores = detector.call(readings).squeeze(1);
                    return {|PMC008:BCELoss().call(scores, defective)|};
                }

                public static Tensor CallLoss(Tensor logits, Tensor classes)
                {
                    var flat = functional.softmax(logits, 2).view(-1, 5);
                    return {|PMC008:functional.cross_entropy(flat, classes.view(-1))|};
                }
            }
            """);
    }

    [Fact]
    public Task LogitsReshapedBeforeALogitsLossAreFine()
    {
        return Verify.VerifyAnalyzerAsync("""
            using TorchSharp;
            using TorchSharp.Modules;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class Defects
            {
                private static Sequential Detector() => Sequential(("hidden", Linear(6, 16)), ("relu", ReLU()), ("out", Linear(16, 1)));

                public static Tensor LayerLoss(Tensor readings, Tensor defective)
                {
                    var detector = Detector();
                    var scores = detector.call(readings).squeeze(1);
                    return BCEWithLogitsLoss().call(scores, defective);
                }

                public static Tensor ProbabilityForTheReport(Tensor readings)
                {
                    return Detector().call(readings).squeeze(1).sigmoid();
                }
            }
            """);
    }
}
