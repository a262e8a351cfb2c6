using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using PmCopilot.Core.Jobs;
using PmCopilot.LanguageServer.Configuration;
using PmCopilot.LanguageServer.Documents;
using PmCopilot.LanguageServer.Protocol;
using PmCopilot.LanguageServer.Server;
using StreamJsonRpc;

namespace PmCopilot.LanguageServer.Assistant;

/// <summary>The <c>pmcopilot/*</c> methods: they adapt the Core jobs and the chat model to LSP progress and errors.</summary>
internal sealed partial class AssistantService
{
    internal const string NoModelMessage = "No model configured: set pmcopilot.model.path to a GGUF file (or pmcopilot.model.provider \"openai\" with pmcopilot.model.endpoint), or run `pmcopilot models pull <name>` and use the path it prints.";

    private readonly JsonRpc rpc;
    private readonly ModelHost models;
    private readonly Func<ClientCapabilities> client;
    private readonly object faqGate = new();
    private Core.Faq.FaqService? defaultFaq;
    private ((string Path, DateTime Written) Key, Core.Faq.FaqService Service)? customFaq;

    public AssistantService(JsonRpc rpc, AssistantModelLoader loader, TextWriter log, Func<ClientCapabilities> client)
    {
        this.rpc = rpc;
        this.models = new ModelHost(loader, log);
        this.client = client;
    }

    public static IReadOnlyList<string> Methods { get; } =
    [
        "pmcopilot/chat",
        "pmcopilot/faq",
        "pmcopilot/summarizeDocument",
        "pmcopilot/summarizeFeedback",
        "pmcopilot/draftPrd",
        "pmcopilot/draftSpec",
        "pmcopilot/modelStatus",
    ];

    public ModelStatus Status(ServerState state) => this.models.Status(state.Settings.Assistant);

    public void InvalidateModel() => this.models.Invalidate();

    public Task UnloadAsync() => this.models.UnloadAsync();

    public async Task<TextResult> ChatAsync(ServerState state, ChatParams parameters, CancellationToken cancellationToken)
    {
        var messages = ToChatMessages(parameters.Messages);
        var model = await this.RequireModelAsync(state, parameters.WorkDoneToken, cancellationToken).ConfigureAwait(false);
        var options = new ChatOptions
        {
            MaxOutputTokens = parameters.MaxTokens,
            Temperature = parameters.Temperature,
        };

        var text = new StringBuilder();
        string? finishReason = null;
        await using (var partial = this.PartialResults(parameters.PartialResultToken))
        {
            await foreach (var update in model.Chat.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            {
                if (!string.IsNullOrEmpty(update.Text))
                {
                    text.Append(update.Text);
                    partial?.Report(new TextDelta(update.Text));
                }

                finishReason = update.FinishReason?.Value ?? finishReason;
            }

            // Some clients end a cancelled stream quietly; the caller must still see a cancellation, not a short answer.
            cancellationToken.ThrowIfCancellationRequested();
        }

        return new TextResult(text.ToString(), finishReason);
    }

    /// <summary>The loaded model, or null when none is configured (the jobs then run their deterministic modes).</summary>
    /// <param name="jobProgress">The request's own progress bar, which then also shows the load; null gives the load a bar of its own.</param>
    private async Task<AssistantModel?> ModelAsync(ServerState state, JsonElement? workDoneToken, WorkDoneProgress? jobProgress, CancellationToken cancellationToken)
    {
        var settings = state.Settings.Assistant;
        if (!settings.HasModel)
        {
            return null;
        }

        WorkDoneProgress? loadProgress = null;
        return await this.models.GetAsync(
            settings,
            async () =>
            {
                if (jobProgress is not null)
                {
                    jobProgress.Report("Loading model", null);
                    return new Progress<float>(p => jobProgress.Report("Loading model", p));
                }

                loadProgress = await WorkDoneProgress.BeginAsync(this.rpc, this.client().WorkDoneProgress, workDoneToken, "Loading model", CancellationToken.None).ConfigureAwait(false);
                return loadProgress is null ? null : new Progress<float>(p => loadProgress.Report(null, p));
            },
            async () =>
            {
                if (loadProgress is not null)
                {
                    await loadProgress.DisposeAsync().ConfigureAwait(false);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<AssistantModel> RequireModelAsync(ServerState state, JsonElement? workDoneToken, CancellationToken cancellationToken) =>
        await this.ModelAsync(state, workDoneToken, null, cancellationToken).ConfigureAwait(false)
        ?? throw new LocalRpcException(NoModelMessage) { ErrorCode = LspErrorCodes.ModelUnavailable };

    /// <summary>Runs a Core job: model if configured, text deltas as partial results, job progress as one work-done bar.</summary>
    private async Task<T> RunJobAsync<T>(ServerState state, JobParams parameters, string title, Func<AssistantModel?, IJobObserver, CancellationToken, Task<T>> job, CancellationToken cancellationToken)
    {
        await using var work = await WorkDoneProgress.BeginAsync(this.rpc, this.client().WorkDoneProgress, parameters.WorkDoneToken, title, cancellationToken).ConfigureAwait(false);
        var model = await this.ModelAsync(state, parameters.WorkDoneToken, work, cancellationToken).ConfigureAwait(false);
        await using var partial = this.PartialResults(parameters.PartialResultToken);
        var result = await job(model, new LspJobObserver(partial, work), cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return result;
    }

    private ProgressChannel? PartialResults(JsonElement? token) =>
        token is { ValueKind: JsonValueKind.String or JsonValueKind.Number } t ? new ProgressChannel(this.rpc, t) : null;

    private static List<ChatMessage> ToChatMessages(IReadOnlyList<ChatTurn>? turns)
    {
        if (turns is null || turns.Count == 0)
        {
            throw new JobInputException("messages must hold at least one message");
        }

        var messages = new List<ChatMessage>(turns.Count);
        foreach (var turn in turns)
        {
            var role = turn.Role?.ToLowerInvariant() switch
            {
                "system" => ChatRole.System,
                "user" => ChatRole.User,
                "assistant" => ChatRole.Assistant,
                _ => throw new JobInputException($"Unknown message role '{turn.Role}': use system, user or assistant"),
            };
            messages.Add(new ChatMessage(role, turn.Content ?? string.Empty));
        }

        if (messages[^1].Role != ChatRole.User)
        {
            throw new JobInputException("The last message must be the user's");
        }

        return messages;
    }
}

public sealed record ChatTurn(string? Role, string? Content);

public sealed record ChatParams
{
    public IReadOnlyList<ChatTurn>? Messages { get; init; }

    public int? MaxTokens { get; init; }

    public float? Temperature { get; init; }

    public JsonElement? PartialResultToken { get; init; }

    public JsonElement? WorkDoneToken { get; init; }
}

/// <summary>One streamed piece of generated text (the <c>value</c> of a partial-result <c>$/progress</c>).</summary>
public sealed record TextDelta(string Delta);

public sealed record TextResult(string Text, string? FinishReason = null);
