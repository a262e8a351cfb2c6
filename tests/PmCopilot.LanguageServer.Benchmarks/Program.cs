using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Nerdbank.Streams;
using PmCopilot.LanguageServer;
using PmCopilot.LanguageServer.Bench;
using PmCopilot.LanguageServer.Protocol;
using PmCopilot.Lint.Analysis;
using StreamJsonRpc;

// Language server latency and memory on a generated 2,000-line ML file, and a full re-analysis per edit as the peer.
// Usage: dotnet run -c Release --project tests/PmCopilot.LanguageServer.Benchmarks -- [lines=2000] [timedEdits=200] [memoryEdits=1000] [baselineEdits=15] [pauseMs=300]
// "probe": where the time of one analysis goes (binding, whole-document analyzers, one member), without LSP.
if (args is ["probe"]) { await Probe.RunAsync(MlCodeGenerator.Generate(2000)); return 0; }
// "codefix": one code-action request on a finding, member first (as the server asks) against the whole document.
if (args is ["codefix"]) { await CodeFixProbe.RunAsync(MlCodeGenerator.Generate(2000)); return 0; }
var lines = Arg(0, 2000);
var timedEdits = Arg(1, 200);
var memoryEdits = Arg(2, 1000);
var baselineEdits = Arg(3, 15);
var pauseMs = Arg(4, 300);

var folder = Directory.CreateTempSubdirectory("pmc-lsp-bench-");
var path = Path.Combine(folder.FullName, "Models.cs");
var text = MlCodeGenerator.Generate(lines);
File.WriteAllText(path, text);
var lineCount = text.Split('\n').Length;
var uri = new Uri(path).AbsoluteUri;
Console.WriteLine($"file: {lineCount} lines, {text.Length:N0} chars");

var (serverStream, clientStream) = FullDuplexStream.CreatePair();
using var stop = new CancellationTokenSource();
var server = Task.Run(() => LanguageServerHost.RunAsync(serverStream, serverStream, new LanguageServerOptions(), stop.Token));
var published = new ConcurrentDictionary<int, TaskCompletionSource<(long Ticks, int Count)>>();
TaskCompletionSource<(long, int)> Published(int version) => published.GetOrAdd(version, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = LspJson.CreateOptions() };
using var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(clientStream, clientStream, formatter));
rpc.AddLocalRpcTarget(new DiagnosticsSink((v, count) => Published(v).TrySetResult((Stopwatch.GetTimestamp(), count))));
rpc.StartListening();
await rpc.InvokeWithParameterObjectAsync<JsonElement>("initialize", new { processId = Environment.ProcessId, capabilities = new { } });
await rpc.NotifyWithParameterObjectAsync("initialized", new { });

var version = 1;
var started = Stopwatch.GetTimestamp();
await rpc.NotifyWithParameterObjectAsync("textDocument/didOpen", new { textDocument = new { uri, languageId = "csharp", version, text } });
var (coldAt, findings) = await Published(version).Task.WaitAsync(TimeSpan.FromMinutes(5));
Console.WriteLine($"open → first diagnostics (cold: references, compilation, analyzers): {Ms(coldAt - started):F0} ms, {findings} findings");

// Edits come in pairs (make, then undo, so the text stays comparable) of four kinds, in turn, at places spread over the file:
//   comment     a comment line inserted/removed (no code changes)
//   statement   a statement inserted into/removed from a method body (code changes, findings stay)
//   finding     `optimizer.zero_grad();` removed from/restored to a training loop (findings change in that method)
//   declaration a method renamed and back (a declaration changes)
var baseLines = text.Split('\n');
int[] LinesWith(string marker) => Enumerable.Range(0, baseLines.Length).Where(i => baseLines[i].Contains(marker, StringComparison.Ordinal)).ToArray();
var statementLines = LinesWith("var total = 0.0;");
var zeroGradLines = LinesWith("optimizer.zero_grad();");
var countLines = LinesWith("public static int Count(");
string[] kinds = ["comment", "statement", "finding", "declaration"];
string KindOf(int n) => kinds[n / 2 % kinds.Length];
(int Line, int EndLine, string Text, int Column, int EndColumn) Edit(int n)
{
    var pair = n / 2;
    var undo = n % 2 == 1;
    switch (KindOf(n))
    {
        case "comment":
            var at = 12 + (pair * 37 % (baseLines.Length - 40));
            return undo ? (at, at + 1, string.Empty, 0, 0) : (at, at, $"        // edit {n}\n", 0, 0);
        case "statement":
            var s = statementLines[pair * 7 % statementLines.Length] + 1;
            return undo ? (s, s + 1, string.Empty, 0, 0) : (s, s, "            total += 0.5;\n", 0, 0);
        case "finding":
            var z = zeroGradLines[pair * 5 % zeroGradLines.Length];
            return undo ? (z, z, baseLines[z] + "\n", 0, 0) : (z, z + 1, string.Empty, 0, 0);
        default:
            var c = countLines[pair * 3 % countLines.Length];
            var column = baseLines[c].IndexOf("Count(", StringComparison.Ordinal) + "Count".Length;
            return undo ? (c, c, string.Empty, column, column + 1) : (c, c, "2", column, column);
    }
}

object NextEdit(int n)
{
    var e = Edit(n);
    return new { range = Range(e.Line, e.Column, e.EndLine, e.EndColumn), text = e.Text };
}

async Task<double> EditAndWaitAsync(int n)
{
    version++;
    var sent = Stopwatch.GetTimestamp();
    await rpc.NotifyWithParameterObjectAsync("textDocument/didChange", new { textDocument = new { uri, version }, contentChanges = new[] { NextEdit(n) } });
    var (at, _) = await Published(version).Task.WaitAsync(TimeSpan.FromMinutes(2));
    return Ms(at - sent);
}

for (var n = 0; n < 16; n++)
{
    await EditAndWaitAsync(n);
}

// Timed edits are spaced like typing pauses, so that the whole-document pass after a partial result (cancelled by the next
// edit otherwise) runs, as it does in an editor; its second publication, when findings changed, is not what is timed.
var latencies = new List<double>();
var byKind = kinds.ToDictionary(k => k, _ => new List<double>());
for (var n = 16; n < 16 + timedEdits; n++)
{
    var latency = await EditAndWaitAsync(n);
    latencies.Add(latency);
    byKind[KindOf(n)].Add(latency);
    await Task.Delay(pauseMs);
}

latencies.Sort();
Console.WriteLine($"didChange → publishDiagnostics over {timedEdits} edits: median {Percentile(latencies, 0.5):F1} ms, p95 {Percentile(latencies, 0.95):F1} ms, max {latencies[^1]:F1} ms");
foreach (var (kind, times) in byKind)
{
    times.Sort();
    Console.WriteLine($"   {kind,-12} {times.Count,4} edits: median {Percentile(times, 0.5):F1} ms, p95 {Percentile(times, 0.95):F1} ms, max {times[^1]:F1} ms");
}

// Memory: typing bursts (5 ms apart, coalesced by the server) for memoryEdits edits, managed heap after a full GC.
var memory = new List<(int Edits, long Heap, long WorkingSet)> { (0, Heap(), WorkingSet()) };
var typed = 0;
while (typed < memoryEdits)
{
    for (var k = 0; k < 50 && typed < memoryEdits; k++, typed++)
    {
        version++;
        await rpc.NotifyWithParameterObjectAsync("textDocument/didChange", new { textDocument = new { uri, version }, contentChanges = new[] { NextEdit(typed) } });
        await Task.Delay(5);
    }

    await Published(version).Task.WaitAsync(TimeSpan.FromMinutes(2));
    if (typed % 250 == 0 || typed == memoryEdits)
    {
        memory.Add((typed, Heap(), WorkingSet()));
    }
}

foreach (var (edits, heap, ws) in memory)
{
    Console.WriteLine($"after {edits,5} edits: managed heap {heap / 1048576.0:F1} MiB, working set {ws / 1048576.0:F1} MiB");
}

await rpc.InvokeWithParameterObjectAsync<JsonElement>("shutdown", null);
await rpc.NotifyWithParameterObjectAsync("exit", null);
await server.WaitAsync(TimeSpan.FromSeconds(30));

// Peers, same file, same edits: the Lint host used directly (no LSP), and a full re-analysis per edit (new host each time).
var current = text;
using (var direct = new DocumentAnalysisHost())
{
    await direct.UpdateDocumentAsync(path, current);
    var quickTimes = await TimeEditsAsync(next => direct.UpdateDocumentIncrementallyAsync(path, next));
    Console.WriteLine($"peer A, Lint host called directly (quick pass, no LSP): median {Percentile(quickTimes, 0.5):F1} ms, p95 {Percentile(quickTimes, 0.95):F1} ms");
    var wholeTimes = await TimeEditsAsync(next => direct.UpdateDocumentAsync(path, next));
    Console.WriteLine($"peer A', same host, whole document analyzed each edit (the pass after a pause): median {Percentile(wholeTimes, 0.5):F1} ms, p95 {Percentile(wholeTimes, 0.95):F1} ms");
}

// The same 40 edits (20 pairs, all four kinds) through an analysis call; sorted times in ms.
async Task<List<double>> TimeEditsAsync(Func<string, Task> analyze)
{
    var times = new List<double>();
    for (var n = 0; n < 40; n++)
    {
        current = Apply(current, n);
        var t = Stopwatch.GetTimestamp();
        await analyze(current);
        times.Add(Ms(Stopwatch.GetTimestamp() - t));
    }

    times.Sort();
    return times;
}

var fullTimes = new List<double>();
for (var n = 0; n < baselineEdits; n++)
{
    current = Apply(current, n);
    var t = Stopwatch.GetTimestamp();
    using var fresh = new DocumentAnalysisHost();
    await fresh.UpdateDocumentAsync(path, current);
    fullTimes.Add(Ms(Stopwatch.GetTimestamp() - t));
}

fullTimes.Sort();
Console.WriteLine($"peer B, full re-analysis per edit (new workspace + compilation + analyzers): median {Percentile(fullTimes, 0.5):F1} ms, p95 {Percentile(fullTimes, 0.95):F1} ms");
Console.WriteLine($"ratio full re-analysis / server (medians): {Percentile(fullTimes, 0.5) / Percentile(latencies, 0.5):F1}x");
folder.Delete(recursive: true);
return 0;

string Apply(string source, int n)
{
    var e = Edit(n);
    var current = Microsoft.CodeAnalysis.Text.SourceText.From(source);
    var start = current.Lines[e.Line].Start + e.Column;
    var end = current.Lines[e.EndLine].Start + e.EndColumn;
    return string.Concat(source.AsSpan(0, start), e.Text, source.AsSpan(end));
}

static object Range(int startLine, int startCharacter, int endLine, int endCharacter) =>
    new { start = new { line = startLine, character = startCharacter }, end = new { line = endLine, character = endCharacter } };

static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

static long Heap()
{
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    return GC.GetTotalMemory(forceFullCollection: true);
}

static long WorkingSet()
{
    using var self = Process.GetCurrentProcess();
    return self.WorkingSet64;
}

int Arg(int index, int fallback) => args.Length > index && int.TryParse(args[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

internal sealed class DiagnosticsSink(Action<int, int> onPublished)
{
    [JsonRpcMethod("textDocument/publishDiagnostics", UseSingleObjectParameterDeserialization = true)]
    public void Publish(JsonElement parameters)
    {
        if (parameters.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number)
        {
            onPublished(v.GetInt32(), parameters.GetProperty("diagnostics").GetArrayLength());
        }
    }
}
