using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using PmCopilot.Lint.Analysis;
using PmCopilot.Lint.References;

namespace PmCopilot.LanguageServer.Bench;

/// <summary>Cost breakdown of analysing the generated file after a one-line edit: binding everything, the analyzers on the whole document, the analyzers on the edited member only.</summary>
internal static class Probe
{
    public static async Task RunAsync(string text)
    {
        var refs = ReferenceResolver.Shared.Bundled().References;
        var tree = CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Preview), path: "/tmp/x.cs");
        var compilation = CSharpCompilation.Create("p", [tree], refs, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        for (var round = 0; round < 4; round++)
        {
            var newText = tree.GetText().WithChanges(new TextChange(new TextSpan(tree.GetText().Lines[500 + round].Start, 0), "// x\n"));
            var sw = Stopwatch.StartNew();
            var newTree = tree.WithChangedText(newText);
            var c2 = compilation.ReplaceSyntaxTree(tree, newTree);
            tree = newTree; compilation = c2;
            var model = c2.GetSemanticModel(tree);
            var bind = model.GetDiagnostics().Length;
            var tBind = sw.ElapsedMilliseconds;
            var wa = c2.WithAnalyzers(AnalyzerCatalog.Analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false));
            var full = await wa.GetAnalyzerSemanticDiagnosticsAsync(model, null, default);
            var tFull = sw.ElapsedMilliseconds - tBind;
            var info = await wa.GetAnalyzerTelemetryInfoAsync(AnalyzerCatalog.Analyzers[0], default);
            var span = tree.GetText().Lines[500].Span;
            var method = tree.GetRoot().FindNode(span).AncestorsAndSelf().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MemberDeclarationSyntax>().First(m => m is Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax);
            var sw2 = Stopwatch.StartNew();
            var wa2 = c2.WithAnalyzers(AnalyzerCatalog.Analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false));
            var part = await wa2.GetAnalyzerSemanticDiagnosticsAsync(model, method.FullSpan, default);
            var tPart = sw2.ElapsedMilliseconds;
            Console.WriteLine($"round {round}: bind all {tBind} ms ({bind} compiler diags), analyzers full {tFull} ms ({full.Length}), analyzers one method {tPart} ms ({part.Length})");
            foreach (var a in AnalyzerCatalog.Analyzers)
            {
                var t = await wa.GetAnalyzerTelemetryInfoAsync(a, default);
                if (round == 3) Console.WriteLine($"   {a.GetType().Name}: {t.ExecutionTime.TotalMilliseconds:F0} ms");
            }
        }
    }
}
