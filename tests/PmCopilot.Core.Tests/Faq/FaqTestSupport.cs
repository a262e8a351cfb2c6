using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using PmCopilot.Core.Faq;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Tests.Faq;

/// <summary>A chat client that streams a fixed reply in small pieces and records the prompt it got.</summary>
internal sealed class ScriptedChatClient(string reply, Exception? failWith = null) : IChatClient
{
    public List<string> Prompts { get; } = [];

    public ChatOptions? LastOptions { get; private set; }

    public int Calls { get; private set; }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Record(messages, options);
        if (failWith is not null)
        {
            throw failWith;
        }

        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply)));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Record(messages, options);
        for (int i = 0; i < reply.Length; i += 7)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            if (failWith is not null && i > 0)
            {
                throw failWith;
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, reply.Substring(i, Math.Min(7, reply.Length - i)));
        }

        if (failWith is not null)
        {
            throw failWith;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private void Record(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        Calls++;
        Prompts.Add(string.Join("\n", messages.Select(m => m.Text)));
        LastOptions = options;
    }
}

/// <summary>
/// Embeddings with known geometry: each entry's embedding text maps to its own axis; a question maps to the axis
/// of <c>target</c> (or to a fresh axis when null), so cosine is 1 for the target and 0 elsewhere.
/// </summary>
internal sealed class AxisEmbeddingGenerator(FaqKnowledgeBase kb, string? target) : IEmbeddingGenerator<string, Embedding<float>>
{
    public int Calls { get; private set; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls++;
        int dims = kb.Entries.Count + 1;
        var texts = kb.Entries.Select(FaqRetriever.EmbeddingText).ToList();
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var value in values)
        {
            var v = new float[dims];
            int axis = texts.IndexOf(value);
            if (axis < 0)
            {
                axis = target is null ? dims - 1 : kb.Entries.ToList().FindIndex(e => e.Id == target);
            }

            v[axis] = 1;
            result.Add(new Embedding<float>(v));
        }

        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}

internal sealed class RecordingObserver : IJobObserver
{
    private readonly Lock gate = new();

    public List<JobProgress> Progress { get; } = [];

    public List<string> Text { get; } = [];

    public void OnProgress(JobProgress progress)
    {
        lock (gate)
        {
            Progress.Add(progress);
        }
    }

    public void OnText(string delta)
    {
        lock (gate)
        {
            Text.Add(delta);
        }
    }
}
