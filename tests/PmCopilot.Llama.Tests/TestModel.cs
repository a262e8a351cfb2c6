using Microsoft.Extensions.AI;

namespace PmCopilot.Llama.Tests;

/// <summary>Paths and a loader for the tiny random-weight test model (machinery only, never wording).</summary>
internal static class TestModel
{
    private static readonly Lazy<string> RepoRootLazy = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PmCopilot.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("PmCopilot.sln not found above the test assembly.");
    });

    public static string RepoRoot => RepoRootLazy.Value;

    /// <summary>ChatML as a Jinja template (the form GGUF files carry), for templates the tiny model does not have.</summary>
    public const string ChatMlJinja =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    public static string SharedRoot => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string ModelPath => Path.Combine(SharedRoot, "models", "llama-2-tiny-random.gguf");

    public static LlamaSettings Settings(int parallel = 4, int contextSize = 512, int batchSize = 64) => new()
    {
        ModelPath = ModelPath,
        ContextSize = contextSize,
        BatchSize = batchSize,
        Threads = 1,
        MaxParallelSequences = parallel,
    };

    public static Task<ChatRuntime> LoadAsync(int parallel = 4, int contextSize = 512, int batchSize = 64) =>
        ChatRuntime.LoadAsync(new ChatProviderSettings { Local = Settings(parallel, contextSize, batchSize) }, null, TestContext.Current.CancellationToken);

    public static ChatOptions Greedy(int maxTokens, params string[] stops) => new()
    {
        Temperature = 0,
        MaxOutputTokens = maxTokens,
        StopSequences = stops.Length == 0 ? null : [.. stops],
    };

    public static List<ChatMessage> Ask(string text) => [new(ChatRole.User, text)];

    public static async Task<(string Text, List<ChatResponseUpdate> Updates)> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> stream)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var u in stream)
            updates.Add(u);
        return (string.Concat(updates.Select(u => u.Text)), updates);
    }
}
