using Verify = PmCopilot.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PmCopilot.Analyzers.Rules.PMC010TensorsLeakInLoopAnalyzer>;
using VerifyFix = PmCopilot.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<PmCopilot.Analyzers.Rules.PMC010TensorsLeakInLoopAnalyzer, PmCopilot.Analyzers.Rules.PMC010TensorsLeakInLoopFixer>;

namespace PmCopilot.Analyzers.Tests.Rules;

public class PMC010Tests
{
    [Fact]
    public Task LoopsWithoutModelWorkOrWithDisposalAreFine()
    {
        return Verify.VerifyAnalyzerAsync("""
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class P
            {
                public static void Run(Module<Tensor, Tensor> model, Tensor[] batches, float[][] rows)
                {
                    var list = new System.Collections.Generic.List<Tensor>();
                    foreach (var row in rows)
                        list.Add(torch.tensor(row));
                    foreach (var batch in batches)
                    {
                        using var output = model.call(batch);
                        System.Console.WriteLine(output.shape[0]);
                    }
                }
            }
            """);
    }

    [Fact]
    public Task FixOpensADisposeScopeInTheBody()
    {
        return VerifyFix.VerifyCodeFixAsync("""
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class P
            {
                public static void Run(Module<Tensor, Tensor> model, Tensor[] batches)
                {
                    {|PMC010:foreach|} (var batch in batches)
                        System.Console.WriteLine(model.call(batch).sum().item<float>());
                }
            }
            """, """
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class P
            {
                public static void Run(Module<Tensor, Tensor> model, Tensor[] batches)
                {
                    foreach (var batch in batches)
                    {
                        using var scope = torch.NewDisposeScope();
                        System.Console.WriteLine(model.call(batch).sum().item<float>());
                    }
                }
            }
            """);
    }
}
