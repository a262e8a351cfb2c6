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
// Usage: dotnet run -c Release --project bench/PmCopilot.LanguageServer.Bench -- [lines=2000] [timedEdits=200] [memoryEdits=1000] [baselineEdits=15]
// "probe": where the time of one analysis goes (binding, whole-document analyzers, one member), without LSP.
if (args is ["probe"]) { await Probe.RunAsync(MlCodeGenerator.Generate(2000)); return 0; }
var lines = Arg(0, 2000);
var timedEdits = Arg(1, 200);
var memoryEdits = Arg(2, 1000);
var baselineEdits = Arg(3, 15);

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

// Edits alternate: insert a comment line at a spread of places, then remove it again, so the text stays comparable.
var editLine = 0;
object NextEdit(int n)
{
    if (n % 2 == 0)
    {
        editLine = 12 + (n * 37 % (lineCount - 40));
        return new { range = Range(editLine, 0, editLine, 0), text = $"        // edit {n}\n" };
    }

    return new { range = Range(editLine, 0, editLine + 1, 0), text = string.Empty };
}

async Task<double> EditAndWaitAsync(int n)
{
    version++;
    var sent = Stopwatch.GetTimestamp();
    await rpc.NotifyWithParameterObjectAsync("textDocument/didChange", new { textDocument = new { uri, version }, contentChanges = new[] { NextEdit(n) } });
    var (at, _) = await Published(version).Task.WaitAsync(TimeSpan.FromMinutes(2));
    return Ms(at - sent);
}

for (var n = 0; n < 10; n++)
{
    await EditAndWaitAsync(n);
}

var latencies = new List<double>();
for (var n = 10; n < 10 + timedEdits; n++)
{
    latencies.Add(await EditAndWaitAsync(n));
}

latencies.Sort();
Console.WriteLine($"didChange → publishDiagnostics over {timedEdits} edits: median {Percentile(latencies, 0.5):F1} ms, p95 {Percentile(latencies, 0.95):F1} ms, max {latencies[^1]:F1} ms");

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
    var directTimes = new List<double>();
    for (var n = 0; n < 40; n++)
    {
        current = Apply(current, n);
        var t = Stopwatch.GetTimestamp();
        await direct.UpdateDocumentAsync(path, current);
        directTimes.Add(Ms(Stopwatch.GetTimestamp() - t));
    }

    directTimes.Sort();
    Console.WriteLine($"peer A, Lint host called directly (incremental, no LSP): median {Percentile(directTimes, 0.5):F1} ms, p95 {Percentile(directTimes, 0.95):F1} ms");
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
    var sourceLines = source.Split('\n').ToList();
    if (n % 2 == 0)
    {
        editLine = 12 + (n * 37 % (lineCount - 40));
        sourceLines.Insert(editLine, $"        // edit {n}");
    }
    else
    {
        sourceLines.RemoveAt(editLine);
    }

    return string.Join('\n', sourceLines);
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
