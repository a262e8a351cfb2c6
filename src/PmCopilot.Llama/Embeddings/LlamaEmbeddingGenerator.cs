using System.Text;
using LLama;
using LLama.Common;
using LLama.Native;
using Microsoft.Extensions.AI;

namespace PmCopilot.Llama.Embeddings;

/// <summary>
/// Mean-pooled, L2-normalised sentence embeddings from the loaded model, over ONE embedding context created on first
/// use and reused for every text (LLamaEmbedder makes a context per call, and its IEmbeddingGenerator throws in 0.30.0).
/// Texts longer than the embedding window are truncated to it.
/// </summary>
public sealed class LlamaEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly LLamaWeights _weights;
    private readonly int _threads;
    private readonly object _gate = new();
    private LLamaContext? _context;
    private LLamaBatch? _batch;
    private bool _disposed;
    private readonly bool _allowGpuOps;

    public LlamaEmbeddingGenerator(LLamaWeights weights, int contextSize, int threads, string modelId, bool allowGpuOps = true)
    {
        _allowGpuOps = allowGpuOps;
        _weights = weights ?? throw new ArgumentNullException(nameof(weights));
        ArgumentOutOfRangeException.ThrowIfLessThan(contextSize, 8);
        WindowSize = contextSize;
        _threads = Math.Max(1, threads);
        Metadata = new EmbeddingGeneratorMetadata("llama.cpp", defaultModelId: modelId, defaultModelDimensions: weights.EmbeddingSize);
    }

    /// <summary>Most tokens of a text that are embedded.</summary>
    public int WindowSize { get; }

    public EmbeddingGeneratorMetadata Metadata { get; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values.ToList();
        return Task.Run(() =>
        {
            var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
            long inputTokens = 0;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                var context = _context ??= CreateContext();
                var batch = _batch ??= new LLamaBatch();
                foreach (var text in texts)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var vector = Embed(context, batch, text ?? string.Empty, out var tokens);
                    inputTokens += tokens;
                    result.Add(new Embedding<float>(vector) { CreatedAt = DateTimeOffset.UtcNow, ModelId = Metadata.DefaultModelId });
                }
            }

            result.Usage = new UsageDetails { InputTokenCount = inputTokens, TotalTokenCount = inputTokens };
            return result;
        }, cancellationToken);
    }

    private float[] Embed(LLamaContext context, LLamaBatch batch, string text, out int tokenCount)
    {
        var tokens = _weights.NativeHandle.Tokenize(text, addBos: true, special: false, Encoding.UTF8);
        if (tokens.Length > WindowSize)
            tokens = tokens[..WindowSize];
        if (tokens.Length == 0)
            tokens = [_weights.Vocab.BOS ?? _weights.Vocab.EOS ?? 0];
        tokenCount = tokens.Length;

        var seq = (LLamaSeqId)0;
        context.NativeHandle.MemoryClear();
        batch.Clear();
        for (var i = 0; i < tokens.Length; i++)
            batch.Add(tokens[i], i, seq, true);
        var status = context.NativeHandle.Decode(batch);
        if (status != DecodeResult.Ok)
            throw new InvalidOperationException($"llama.cpp failed to embed a text of {tokens.Length} tokens ({status}).");

        var vector = context.NativeHandle.GetEmbeddingsSeq(seq).ToArray();
        var norm = 0.0;
        foreach (var v in vector)
            norm += (double)v * v;
        norm = Math.Sqrt(norm);
        if (norm > 0)
        {
            for (var i = 0; i < vector.Length; i++)
                vector[i] = (float)(vector[i] / norm);
        }

        return vector;
    }

    private LLamaContext CreateContext() =>
        _weights.CreateContext(new ModelParams(string.Empty)
        {
            ContextSize = (uint)WindowSize,
            BatchSize = (uint)WindowSize,
            UBatchSize = (uint)WindowSize,
            SeqMax = 1,
            Threads = _threads,
            BatchThreads = _threads,
            Embeddings = true,
            PoolingType = LLamaPoolingType.Mean,
            OpOffload = _allowGpuOps ? null : false,
            NoKqvOffload = !_allowGpuOps,
        });

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
            return null;
        if (serviceType == typeof(EmbeddingGeneratorMetadata))
            return Metadata;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            _context?.Dispose();
        }
    }
}
