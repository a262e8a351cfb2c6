using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace PmCopilot.Core.Tests.TestSupport;

/// <summary>Records every prompt and answers with <see cref="Reply"/>; streaming answers arrive in small pieces.</summary>
internal sealed class FakeChatClient : IChatClient
{
    private readonly object _gate = new();

    public FakeChatClient(Func<string, string> reply) => Reply = reply;

    public Func<string, string> Reply { get; }

    public List<(string Prompt, bool Streamed, ChatOptions? Options)> Calls { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var prompt = string.Join("\n", messages.Select(m => m.Text));
        lock (_gate)
        {
            Calls.Add((prompt, false, options));
        }

        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Reply(prompt))));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prompt = string.Join("\n", messages.Select(m => m.Text));
        lock (_gate)
        {
            Calls.Add((prompt, true, options));
        }

        var text = Reply(prompt);
        for (var i = 0; i < text.Length; i += 7)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, text.Substring(i, Math.Min(7, text.Length - i)));
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}

/// <summary>Collects what a job reports.</summary>
internal sealed class RecordingObserver : Core.Jobs.IJobObserver
{
    private readonly object _gate = new();

    public List<Core.Jobs.JobProgress> Progress { get; } = [];

    public System.Text.StringBuilder Text { get; } = new();

    public Action<Core.Jobs.JobProgress>? OnEachProgress { get; set; }

    public void OnProgress(Core.Jobs.JobProgress progress)
    {
        lock (_gate)
        {
            Progress.Add(progress);
        }

        OnEachProgress?.Invoke(progress);
    }

    public void OnText(string delta)
    {
        lock (_gate)
        {
            Text.Append(delta);
        }
    }
}
