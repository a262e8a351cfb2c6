using System.Diagnostics;
using PmCopilot.Lint.Analysis;

namespace PmCopilot.LanguageServer.Bench;

/// <summary>
/// "codefix": the time of one code-action request on a finding of the generated file, as the server asks it (the rule
/// named: member first, whole document only when the member does not produce the finding) against the whole-document
/// analysis every request used to run (the peer), on the same host and findings, alternated.
/// </summary>
internal static class CodeFixProbe
{
    public static async Task RunAsync(string text, int findings = 20, int rounds = 3)
    {
        var dir = Directory.CreateTempSubdirectory("pmc-codefix-bench-");
        var file = Path.Combine(dir.FullName, "Models.cs");
        await File.WriteAllTextAsync(file, text);
        using var host = new DocumentAnalysisHost();
        var diagnostics = await host.UpdateDocumentAsync(file, text);
        Console.WriteLine($"file: {text.Split('\n').Length} lines, {diagnostics.Count} findings; {Math.Min(findings, diagnostics.Count)} asked per round");
        for (var round = 1; round <= rounds; round++)
        {
            var whole = new List<double>();
            var named = new List<double>();
            foreach (var diagnostic in diagnostics.Take(findings))
            {
                var watch = Stopwatch.StartNew();
                await host.GetCodeFixesAsync(file, diagnostic.Range);
                whole.Add(watch.Elapsed.TotalMilliseconds);
                watch.Restart();
                await host.GetCodeFixesAsync(file, diagnostic.Range, diagnostic.Id);
                named.Add(watch.Elapsed.TotalMilliseconds);
            }

            Console.WriteLine($"round {round}: rule named (member first) median {Median(named):F1} ms, whole document median {Median(whole):F1} ms, ratio {Median(whole) / Median(named):F1}x");
        }

        dir.Delete(recursive: true);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
