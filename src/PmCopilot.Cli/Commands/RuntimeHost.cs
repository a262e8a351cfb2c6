using Microsoft.Extensions.AI;
using PmCopilot.Cli.Configuration;
using PmCopilot.Cli.Output;

namespace PmCopilot.Cli.Commands;

/// <summary>
/// The loaded model (or endpoint) a job talks to. The loading itself belongs to PmCopilot.Llama; this adapts the CLI
/// settings to it and keeps what doctor prints.
/// </summary>
internal sealed class RuntimeHost : IAsyncDisposable
{
    private readonly IAsyncDisposable? owner;
    private readonly IReadOnlyList<string> description;

    private RuntimeHost(IChatClient? chat, IEmbeddingGenerator<string, Embedding<float>>? embeddings, IReadOnlyList<string> description, IAsyncDisposable? owner)
    {
        Chat = chat;
        Embeddings = embeddings;
        this.description = description;
        this.owner = owner;
    }

    public IChatClient? Chat { get; }

    public IEmbeddingGenerator<string, Embedding<float>>? Embeddings { get; }

    public static IReadOnlyList<string> DescribeNatives(CliSettings settings) =>
        [$"native libraries: {settings.NativeDir.Value ?? "bundled LLamaSharp CPU backend"} (loaded on first model load)"];

    public static Task<RuntimeHost> LoadAsync(CliSettings settings, string? modelPath, ProgressView progress, CancellationToken cancellationToken)
    {
        _ = settings;
        _ = progress;
        _ = cancellationToken;
        throw new ModelUnavailableException(
            $"loading models is not available in this build yet (PmCopilot.Llama runtime pending); cannot load {modelPath ?? settings.Endpoint.Value}.");
    }

    public IEnumerable<string> Describe() => description;

    public async ValueTask DisposeAsync()
    {
        if (owner is not null)
        {
            await owner.DisposeAsync().ConfigureAwait(false);
        }
    }
}
