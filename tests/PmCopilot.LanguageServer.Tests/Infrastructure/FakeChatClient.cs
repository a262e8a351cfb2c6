using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using PmCopilot.LanguageServer.Configuration;

namespace PmCopilot.LanguageServer.Tests.Infrastructure;

/// <summary>Streams "t0 t1 t2 …" (or forever), one token per <see cref="Delay"/>, and honours cancellation like the real client.</summary>
internal sealed class FakeChatClient : IChatClient
{
    public int Tokens { get; init; } = 5;

    public bool Endless { get; init; }

    public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(5);

    public string Name { get; init; } = "fake";

    public IList<ChatMessage>? LastMessages { get; private set; }

    public bool Disposed { get; private set; }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in this.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            updates.Add(update);
        }

        return updates.ToChatResponse();
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        this.LastMessages = messages.ToList();
        for (var i = 0; this.Endless || i < this.Tokens; i++)
        {
            await Task.Delay(this.Delay, cancellationToken);
            yield return new ChatResponseUpdate(ChatRole.Assistant, $"t{i} ");
        }

        yield return new ChatResponseUpdate { FinishReason = ChatFinishReason.Stop };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose() => this.Disposed = true;
}

/// <summary>A loader that hands out fake models and records every load.</summary>
internal sealed class FakeModelLoader
{
    private readonly Func<AssistantSettings, FakeChatClient> create;

    public FakeModelLoader(Func<AssistantSettings, FakeChatClient>? create = null) => this.create = create ?? (_ => new FakeChatClient());

    public List<(AssistantSettings Settings, FakeChatClient Client)> Loads { get; } = [];

    public TimeSpan LoadTime { get; init; }

    public async Task<AssistantModel> LoadAsync(AssistantSettings settings, IProgress<float>? progress, CancellationToken cancellationToken)
    {
        if (settings.ModelPath?.Contains("missing", StringComparison.Ordinal) == true)
        {
            throw new PmCopilot.Llama.ModelLoadException($"Model file {settings.ModelPath} does not exist");
        }

        foreach (var step in new[] { 0f, 0.5f, 1f })
        {
            progress?.Report(step);
            await Task.Delay(this.LoadTime / 3, cancellationToken);
        }

        var client = this.create(settings);
        lock (this.Loads)
        {
            this.Loads.Add((settings, client));
        }

        return new AssistantModel(client, null, $"fake model {settings.ModelPath}", () =>
        {
            client.Dispose();
            return ValueTask.CompletedTask;
        });
    }
}
