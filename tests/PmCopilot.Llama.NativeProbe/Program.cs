using System.Text.Json;
using Microsoft.Extensions.AI;
using PmCopilot.Llama;

// Usage: PmCopilot.Llama.NativeProbe <native-dir|-> <model.gguf> <max-tokens>
// Prints one JSON object; exit 0 = loaded and generated, 3 = a clear load error, 4 = anything else.
var nativeDir = args.Length > 0 && args[0] != "-" ? args[0] : null;
var model = args.Length > 1 ? args[1] : "";
var maxTokens = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 8;
var json = new JsonSerializerOptions { WriteIndented = false };
try
{
    await using var runtime = await ChatRuntime.LoadAsync(new ChatProviderSettings
    {
        Local = new LlamaSettings { ModelPath = model, NativeDir = nativeDir, ContextSize = 256, BatchSize = 32, Threads = 1, MaxParallelSequences = 1, EnableEmbeddings = false },
    });
    var generator = runtime.Generator!;
    var handle = generator.Start(new PmCopilot.Llama.Engine.GenerationRequest { PromptTokens = generator.Tokenize("Hello, how are you?"), MaxTokens = maxTokens });
    var tokens = new List<int>();
    await foreach (var t in handle.Tokens.ReadAllAsync())
        tokens.Add((int)t.Token);
    var natives = runtime.Info.Natives!;
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        ok = true,
        nativeDir = natives.NativeDir,
        loadedFiles = natives.LoadedFiles,
        backends = natives.Backends,
        features = natives.Features,
        devices = natives.Devices,
        gpu = natives.GpuAvailable,
        gpuReason = natives.GpuReason,
        tokens,
    }, json));
    return 0;
}
catch (ModelLoadException e)
{
    Console.WriteLine(JsonSerializer.Serialize(new { ok = false, type = e.GetType().Name, error = e.Message }, json));
    return 3;
}
catch (Exception e)
{
    Console.WriteLine(JsonSerializer.Serialize(new { ok = false, type = e.GetType().Name, error = e.Message }, json));
    return 4;
}
