using Microsoft.Extensions.AI;
using PmCopilot.LanguageServer.Configuration;
using PmCopilot.Llama;

namespace PmCopilot.LanguageServer;

/// <summary>Loads the model for the given settings, reporting progress in [0, 1]. Throws on a model that cannot be used.</summary>
public delegate Task<AssistantModel> AssistantModelLoader(AssistantSettings settings, IProgress<float>? progress, CancellationToken cancellationToken);

/// <summary>A loaded model as the server uses it. Disposing it releases the model (native memory, HTTP clients).</summary>
public sealed class AssistantModel : IAsyncDisposable
{
    private readonly Func<ValueTask>? dispose;

    public AssistantModel(IChatClient chat, IEmbeddingGenerator<string, Embedding<float>>? embeddings, string description, Func<ValueTask>? dispose = null)
    {
        this.Chat = chat;
        this.Embeddings = embeddings;
        this.Description = description;
        this.dispose = dispose;
    }

    public IChatClient Chat { get; }

    public IEmbeddingGenerator<string, Embedding<float>>? Embeddings { get; }

    /// <summary>One line for <c>pmcopilot/modelStatus</c>: file or endpoint, backend, context size.</summary>
    public string Description { get; }

    public ValueTask DisposeAsync() => this.dispose?.Invoke() ?? ValueTask.CompletedTask;
}

public sealed class LanguageServerOptions
{
    /// <summary>Settings before the editor sends any. When <see cref="ChatSettings"/> is given and this is left default, the model part is taken from it.</summary>
    public ServerSettings Settings { get; init; } = new();

    /// <summary>
    /// The chat provider the CLI resolved (flags, environment, config files). Its model, endpoint, GPU layers, threads and
    /// context seed the editor-settable values; the rest (native folder, template, seed, batch) applies to every load.
    /// </summary>
    public ChatProviderSettings? ChatSettings { get; init; }

    /// <summary>Where the server logs (stderr under <c>pmcopilot serve</c>); never the LSP output stream.</summary>
    public TextWriter Log { get; init; } = TextWriter.Null;

    /// <summary>Exit when this process ends (in addition to <c>processId</c> from <c>initialize</c>).</summary>
    public int? ParentProcessId { get; init; }

    /// <summary>How models are loaded; null uses PmCopilot.Llama. Tests inject fakes here.</summary>
    public AssistantModelLoader? ModelLoader { get; init; }

    /// <summary>Folder of rule documents (<c>PMC001.md</c>…); null searches <c>docs/rules</c> above the server binary and the workspace.</summary>
    public string? RulesDirectory { get; init; }

    internal TimeSpan ParentPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Replaces the built-in diagnostic sources (tests).</summary>
    internal IReadOnlyList<Diagnostics.IDiagnosticSource>? DiagnosticSources { get; init; }
}
