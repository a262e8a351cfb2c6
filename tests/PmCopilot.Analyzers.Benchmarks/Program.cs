using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PmCopilot.Analyzers.Benchmarks;
using PmCopilot.Lint;
using PmCopilot.Lint.Analysis;
using PmCopilot.Lint.References;

// Analyzer cost on a generated ML codebase: analyzer time (CompilationWithAnalyzers telemetry) against compile time
// (parse + bind + emit) measured in the same run, and `pmcopilot lint` wall time per 1,000 lines.
// Usage: dotnet run -c Release --project tests/PmCopilot.Analyzers.Benchmarks -- [--lines 20000] [--runs 3]
var targetLines = ArgValue(args, "--lines", 20000);
var runs = ArgValue(args, "--runs", 3);
var files = MlCodeGenerator.Generate(targetLines);
var lineCount = files.Sum(f => f.Text.Count(c => c == '\n') + 1);
var folder = Path.Combine(Path.GetTempPath(), "pmc-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(folder);
foreach (var (name, text) in files)
    File.WriteAllText(Path.Combine(folder, name), text);

var references = ReferenceResolver.Shared.Bundled().References;
var parseOptions = new CSharpParseOptions(LanguageVersion.Preview);
var usings = "global using System; global using System.Collections.Generic; global using System.Linq;";

Compilation NewCompilation()
{
    var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, parseOptions, f.Name)).Append(CSharpSyntaxTree.ParseText(usings, parseOptions, "Usings.g.cs"));
    return CSharpCompilation.Create("Bench", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false));
}

var compileTimes = new List<double>();
var analyzerTimes = new List<double>();
var analyzerWallTimes = new List<double>();
var lintTimes = new List<double>();
var perRule = new Dictionary<string, List<double>>();
int findings = 0, errors = 0;
for (var run = 0; run <= runs; run++)
{
    // Run 0 warms up the JIT and metadata caches and is not counted.
    var stopwatch = Stopwatch.StartNew();
    var compilation = NewCompilation();
    errors = compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
    using (var stream = new MemoryStream())
        compilation.Emit(stream);
    var compile = stopwatch.Elapsed.TotalMilliseconds;

    var fresh = NewCompilation();
    var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false);
    stopwatch.Restart();
    var withAnalyzers = fresh.WithAnalyzers(AnalyzerCatalog.Analyzers, options);
    var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
    var analyzerWall = stopwatch.Elapsed.TotalMilliseconds;
    findings = diagnostics.Count(d => d.Id.StartsWith("PMC", StringComparison.Ordinal));
    var analyzerTotal = 0.0;
    foreach (var analyzer in AnalyzerCatalog.Analyzers)
    {
        var ms = (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None)).ExecutionTime.TotalMilliseconds;
        analyzerTotal += ms;
        if (run > 0)
        {
            if (!perRule.TryGetValue(analyzer.GetType().Name, out var list))
                perRule[analyzer.GetType().Name] = list = [];
            list.Add(ms);
        }
    }

    stopwatch.Restart();
    var report = await LintEngine.LintAsync([folder], new LintOptions(), CancellationToken.None);
    var lint = stopwatch.Elapsed.TotalMilliseconds;
    if (run == 0)
        continue;
    compileTimes.Add(compile);
    analyzerTimes.Add(analyzerTotal);
    analyzerWallTimes.Add(analyzerWall);
    lintTimes.Add(lint);
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run}: compile {compile:F0} ms, analyzers {analyzerTotal:F0} ms (wall incl. binding {analyzerWall:F0} ms), lint {lint:F0} ms, {report.Findings.Count} findings"));
}

Directory.Delete(folder, recursive: true);
double Median(List<double> values) => values.OrderBy(v => v).ElementAt(values.Count / 2);
var output = new StringBuilder();
output.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Generated codebase: {files.Count} files, {lineCount} lines; {errors} compile errors; {findings} PMC findings. Median of {runs} runs after one warm-up."));
output.AppendLine();
output.AppendLine("| measure | median | ratio |");
output.AppendLine("|---|---|---|");
output.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| compile (parse + bind + emit), the peer | {Median(compileTimes):F0} ms | 1.00 |"));
output.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| PMC analyzers (sum of analyzer execution time, telemetry) | {Median(analyzerTimes):F0} ms | {Median(analyzerTimes) / Median(compileTimes):P1} of compile |"));
output.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| analyzer pass wall time on a fresh compilation (includes binding) | {Median(analyzerWallTimes):F0} ms | {Median(analyzerWallTimes) / Median(compileTimes):F2}x compile |"));
output.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| `pmcopilot lint` wall time (folder, bundled refs) | {Median(lintTimes):F0} ms | {Median(lintTimes) / lineCount * 1000:F1} ms per 1,000 lines |"));
output.AppendLine();
output.AppendLine("| analyzer | median execution time |");
output.AppendLine("|---|---|");
foreach (var (name, times) in perRule.OrderByDescending(p => Median(p.Value)))
    output.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {Median(times):F0} ms |"));
Console.WriteLine(output.ToString());
return 0;

static int ArgValue(string[] args, string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
