using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;
using LLama;
using LLama.Common;
using LLama.Native;

namespace PmCopilot.Llama.Engine;

/// <summary>Context settings of a <see cref="LlamaGenerator"/>.</summary>
public sealed record LlamaGeneratorOptions
{
    /// <summary>Context window of each sequence.</summary>
    public int ContextSize { get; init; } = 4096;

    public int BatchSize { get; init; } = 512;

    public int Threads { get; init; } = 1;

    /// <summary>KV slots: sequences decoded together in one batch. Further requests queue.</summary>
    public int MaxParallelSequences { get; init; } = 4;

    /// <summary>
    /// Let llama.cpp copy weights to a GPU for large batches even when layers stay on the CPU (op offload, the kv cache
    /// next to offloaded layers). False when a GPU device exists but must not run kernels.
    /// </summary>
    public bool AllowGpuOps { get; init; } = true;

    /// <summary>
    /// The loaded libllama (full path) whose <c>llama_tokenize</c> is called directly, once per text
    /// (<see cref="Natives.NativeTokenizer"/>); null: LLamaSharp's tokenizer.
    /// </summary>
    public string? LibraryPath { get; init; }
}

/// <summary>
/// The decode loop: one thread owns one llama context and, every step, puts the next token of every running
/// sequence (plus chunks of waiting prompts) into ONE <see cref="LLamaBatch"/>, calls decode once, then samples each
/// sequence with its own native sampler chain and turns tokens into text with its own <see cref="StreamingTokenDecoder"/>.
/// Each sequence lives in a KV slot that keeps its tokens after the request ends, so a follow-up request whose prompt
/// starts with the same tokens (the next turn of a conversation, or a shared system prompt) decodes only the rest; a
/// long prefix held by another slot is copied from that slot's cache rather than decoded again.
/// </summary>
public sealed class LlamaGenerator : IDisposable
{
    private readonly LLamaWeights _weights;
    private readonly LLamaContext _context;
    private readonly LLamaBatch _batch = new();
    private readonly Slot[] _slots;
    private readonly Queue<Job> _queue = new();
    private readonly List<Job> _active = [];
    private readonly object _gate = new();
    private readonly Thread _thread;
    private readonly Natives.NativeTokenizer? _tokenizer;
    private readonly ParallelOptions _parallelOptions = new() { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) };
    private readonly List<Job> _sampled = [];
    private long _clock;
    private bool _disposed;

    /// <summary>Create the context (n_ctx = context size × parallel sequences, one KV stream per sequence) and start the loop.</summary>
    public LlamaGenerator(LLamaWeights weights, LlamaGeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ContextSize, 8);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxParallelSequences, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, options.MaxParallelSequences);

        _weights = weights;
        ContextSize = options.ContextSize;
        MaxParallelSequences = options.MaxParallelSequences;
        BatchSize = options.BatchSize;
        var contextParams = new ModelParams(string.Empty)
        {
            ContextSize = checked((uint)(options.ContextSize * options.MaxParallelSequences)),
            BatchSize = (uint)options.BatchSize,
            UBatchSize = (uint)options.BatchSize,
            SeqMax = (uint)options.MaxParallelSequences,
            Threads = options.Threads,
            BatchThreads = options.Threads,
            // One KV stream per sequence: attention in a step only spans that sequence's own cells.
            KVUnified = false,
            // llama.cpp's own default (flash_attn_type = auto); LLamaSharp's default turns it off, which cost ~25% of
            // prompt throughput against node-llama-cpp on the same libraries (docs/benchmarks.md).
            FlashAttention = true,
            OpOffload = options.AllowGpuOps ? null : false,
            NoKqvOffload = !options.AllowGpuOps,
        };
        _context = weights.CreateContext(contextParams);
        _tokenizer = Natives.NativeTokenizer.TryCreate(weights.NativeHandle, options.LibraryPath);
        _slots = Enumerable.Range(0, options.MaxParallelSequences).Select(i => new Slot((LLamaSeqId)i)).ToArray();
        _thread = new Thread(Run) { IsBackground = true, Name = "llama-decode" };
        _thread.Start();
    }

    /// <summary>Context window of one sequence (tokens).</summary>
    public int ContextSize { get; }

    public int BatchSize { get; }

    public int MaxParallelSequences { get; }

    /// <summary>The model.</summary>
    public LLamaWeights Weights => _weights;

    /// <summary>Prompt tokens sent to decode since creation (reused prefixes not counted).</summary>
    public long PromptTokensDecoded => Interlocked.Read(ref _promptTokensDecoded);

    private long _promptTokensDecoded;

    /// <summary>Prompt prefixes copied from another slot's cache instead of being decoded.</summary>
    public long PrefixCopies => Interlocked.Read(ref _prefixCopies);

    private long _prefixCopies;

    /// <summary>Native decode calls since creation.</summary>
    public long DecodeCalls => Interlocked.Read(ref _decodeCalls);

    private long _decodeCalls;

    /// <summary>Steps whose sequences' tokens were picked on several cores.</summary>
    internal long ParallelPickSteps { get; private set; }

    /// <summary>Most sequences ever decoded in one step.</summary>
    public int PeakParallelSequences { get; private set; }

    /// <summary>Text to tokens with this model's vocabulary (special tokens parsed, so template markers become control tokens).</summary>
    public LLamaToken[] Tokenize(string text, bool addBos = true)
    {
        var addSpecial = addBos && _weights.Vocab.ShouldAddBOS;
        var tokens = _tokenizer?.Tokenize(text, addSpecial, parseSpecial: true) ?? _weights.NativeHandle.Tokenize(text, addSpecial, special: true, Encoding.UTF8);
        // Templates that write the BOS marker themselves would otherwise start with two.
        if (tokens.Length >= 2 && _weights.Vocab.BOS is { } bos && tokens[0] == bos && tokens[1] == bos)
            tokens = tokens[1..];
        return tokens;
    }

    /// <summary>
    /// Queue a sequence. Tokens arrive on <see cref="GenerationHandle.Tokens"/>; cancelling <paramref name="cancellation"/>
    /// stops it before the next decode step and faults the reader with <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <exception cref="ContextWindowExceededException">The prompt leaves no room to generate.</exception>
    public GenerationHandle Start(GenerationRequest request, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.PromptTokens.Count == 0)
            throw new ArgumentException("The prompt has no tokens.", nameof(request));
        if (request.MaxTokens is < 1)
            throw new ArgumentOutOfRangeException(nameof(request), "MaxTokens must be at least 1 (or null for no limit).");
        if (request.PromptTokens.Count >= ContextSize)
            throw new ContextWindowExceededException(request.PromptTokens.Count, ContextSize);
        cancellation.ThrowIfCancellationRequested();

        var job = new Job(this, request, cancellation);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _queue.Enqueue(job);
            Monitor.Pulse(_gate);
        }

        job.Registration = cancellation.Register(static j => ((Job)j!).RequestStop(StopKind.Cancelled), job);
        return new GenerationHandle(job);
    }

    private void Run()
    {
        while (true)
        {
            lock (_gate)
            {
                Admit();
                while (_active.Count == 0 && !_disposed)
                {
                    Monitor.Wait(_gate);
                    Admit();
                }

                if (_disposed)
                    break;
            }

            try
            {
                Step();
            }
            catch (Exception e)
            {
                // A native or sampling failure ends the sequences in flight; the loop and the process go on.
                foreach (var job in _active.ToArray())
                    Finish(job, StopKind.Failed, e);
            }
        }

        foreach (var job in _active.ToArray())
            Finish(job, StopKind.Failed, new ObjectDisposedException(nameof(LlamaGenerator)));
        lock (_gate)
        {
            while (_queue.TryDequeue(out var job))
                job.Fail(new ObjectDisposedException(nameof(LlamaGenerator)));
        }
    }

    /// <summary>Move queued requests into free KV slots (<see cref="ChooseSlot"/>), keeping the prefix of the prompt a slot holds.</summary>
    private void Admit()
    {
        while (_queue.Count > 0)
        {
            var job = _queue.Peek();
            if (job.StopRequested != StopKind.None)
            {
                _queue.Dequeue();
                job.FinishUnstarted();
                continue;
            }

            var (best, bestLength) = ChooseSlot(job.Request.PromptTokens);
            if (best is null)
                return;

            _queue.Dequeue();
            // Keep at least one prompt token to decode: its logits give the first generated token.
            var keep = Math.Min(bestLength, job.Request.PromptTokens.Count - 1);
            if (keep < best.Tokens.Count)
            {
                _context.NativeHandle.MemorySequenceRemove(best.Id, keep, -1);
                if ((int)_context.NativeHandle.MemorySequenceMaxPosition(best.Id) >= keep)
                {
                    // Memory types that cannot cut a sequence in the middle (recurrent models): start it over.
                    _context.NativeHandle.MemorySequenceRemove(best.Id, -1, -1);
                    keep = 0;
                }

                best.Tokens.RemoveRange(keep, best.Tokens.Count - keep);
            }

            keep = CopySharedPrefix(best, job.Request.PromptTokens, keep);
            best.Job = job;
            job.Slot = best;
            job.PromptOffset = keep;
            job.ReusedPromptTokens = keep;
            _active.Add(job);
        }
    }

    /// <summary>
    /// A prefix of the prompt that another slot holds (a system prompt or FAQ context many requests share; that slot may be
    /// busy) and that is longer than what <paramref name="slot"/> keeps by at least <see cref="MinCopiedPrefix"/> tokens
    /// is copied into <paramref name="slot"/>'s cache instead of being decoded again. With one KV stream per sequence
    /// llama.cpp copies only whole streams (at the start of the next decode), so the copy takes the source's whole
    /// sequence and then drops what follows the shared prefix. Returns the tokens <paramref name="slot"/> now keeps.
    /// </summary>
    private int CopySharedPrefix(Slot slot, IReadOnlyList<LLamaToken> prompt, int keep)
    {
        Slot? source = null;
        var sourceLength = keep;
        foreach (var other in _slots)
        {
            if (ReferenceEquals(other, slot))
                continue;
            var length = Math.Min(CommonPrefix(other.Tokens, prompt), prompt.Count - 1);
            if (length > sourceLength)
                (source, sourceLength) = (other, length);
        }

        if (source is null || sourceLength - keep < MinCopiedPrefix)
            return keep;

        var memory = _context.NativeHandle;
        memory.MemorySequenceRemove(slot.Id, -1, -1);
        memory.MemorySequenceCopy(source.Id, slot.Id, -1, -1);
        memory.MemorySequenceRemove(slot.Id, sourceLength, -1);
        slot.Tokens.Clear();
        if ((int)memory.MemorySequenceMaxPosition(slot.Id) != sourceLength - 1)
        {
            // A memory that cannot be cut after the copy (recurrent state): decode the prompt from the start.
            memory.MemorySequenceRemove(slot.Id, -1, -1);
            return 0;
        }

        slot.Tokens.AddRange(source.Tokens.Take(sourceLength));
        Interlocked.Increment(ref _prefixCopies);
        return sourceLength;
    }

    /// <summary>Shorter shared prefixes are decoded again: copying a whole KV stream costs more than a few tokens.</summary>
    private const int MinCopiedPrefix = 32;

    /// <summary>
    /// Which free slot a prompt takes. (1) One whose whole cache the prompt simply continues — the next turn of that
    /// conversation — the longest first. (2) Else a never-used slot, lowest id first (sequences that start together get
    /// consecutive ids, see <see cref="Step"/>). (3) Else one that already holds the whole prompt (the same question
    /// again), (4) else the least recently used. A prompt that only shares a beginning with another slot (a
    /// system prompt, another conversation behind it) never takes that slot: from the tokens alone another live
    /// conversation looks like a dead branch of this one, and a slot left in place serves its own next turn; the shared
    /// part is copied instead (<see cref="CopySharedPrefix"/>). Null when every slot is busy.
    /// </summary>
    private (Slot? Slot, int Length) ChooseSlot(IReadOnlyList<LLamaToken> prompt)
    {
        Slot? continued = null, holding = null, empty = null, leastRecent = null;
        int continuedLength = 0, holdingLength = 0;
        foreach (var slot in _slots)
        {
            if (slot.Job is not null)
                continue;
            if (slot.Tokens.Count == 0)
            {
                empty ??= slot;
                continue;
            }

            var length = CommonPrefix(slot.Tokens, prompt);
            if (length > 1 && length == slot.Tokens.Count && length > continuedLength)
                (continued, continuedLength) = (slot, length);
            else if (length > 1 && length >= prompt.Count - 1 && length > holdingLength)
                (holding, holdingLength) = (slot, length);
            if (leastRecent is null || slot.LastUsed < leastRecent.LastUsed)
                leastRecent = slot;
        }

        if (continued is not null)
            return (continued, continuedLength);
        // A slot that holds the whole prompt and more: the same question asked again — or another client's identical
        // first message, whose conversation would be cut. A never-used slot loses nothing (a long prompt is copied).
        if (empty is not null)
            return (empty, 0);
        if (holding is not null)
            return (holding, holdingLength);
        return leastRecent is null ? (null, 0) : (leastRecent, CommonPrefix(leastRecent.Tokens, prompt));
    }

    // The decode loop's per-step work, like ArgMax, is compiled fully optimized at once rather than left to tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void Step()
    {
        _batch.Clear();
        foreach (var job in _active.ToArray())
        {
            if (job.StopRequested != StopKind.None)
                Finish(job, job.StopRequested, null);
        }

        if (_active.Count == 0)
            return;

        // Tokens go into the batch in sequence-id order: with one KV stream per sequence llama.cpp splits a batch into
        // micro-batches of consecutive sequence ids, so any other order costs extra graph computations per step.
        _active.Sort(static (a, b) => ((int)a.Slot!.Id).CompareTo((int)b.Slot!.Id));
        // Running sequences get their one token first, so a long prompt never stalls them; prompts share the rest.
        var budget = BatchSize - _active.Count(j => j.NextToken is not null);
        var inBatch = 0;
        var promptDecoded = 0;
        foreach (var job in _active)
        {
            job.BatchIndex = -1;
            var slot = job.Slot!;
            if (job.NextToken is { } next)
            {
                job.BatchIndex = _batch.Add(next, slot.Tokens.Count, slot.Id, true);
                slot.Tokens.Add(next);
                job.NextToken = null;
                inBatch++;
                continue;
            }

            var prompt = job.Request.PromptTokens;
            if (budget == 0 || job.PromptOffset >= prompt.Count)
                continue;
            var count = Math.Min(budget, prompt.Count - job.PromptOffset);
            var completes = job.PromptOffset + count == prompt.Count;
            for (var i = 0; i < count; i++)
            {
                var token = prompt[job.PromptOffset + i];
                var last = completes && i == count - 1;
                var index = _batch.Add(token, slot.Tokens.Count, slot.Id, last);
                slot.Tokens.Add(token);
                if (last)
                    job.BatchIndex = index;
            }

            job.PromptOffset += count;
            budget -= count;
            promptDecoded += count;
            inBatch++;
        }

        if (_batch.TokenCount == 0)
            return;
        PeakParallelSequences = Math.Max(PeakParallelSequences, inBatch);

        var result = _context.NativeHandle.Decode(_batch);
        Interlocked.Increment(ref _decodeCalls);
        Interlocked.Add(ref _promptTokensDecoded, promptDecoded);
        if (result != DecodeResult.Ok)
        {
            var error = new InvalidOperationException($"llama.cpp decode failed ({result}) with {_batch.TokenCount} tokens from {inBatch} sequences.");
            foreach (var job in _active.ToArray())
            {
                _context.NativeHandle.MemorySequenceRemove(job.Slot!.Id, -1, -1);
                job.Slot.Tokens.Clear();
                Finish(job, StopKind.Failed, error);
            }

            return;
        }

        var vocab = _weights.Vocab;
        var sampled = _sampled;
        sampled.Clear();
        foreach (var job in _active)
        {
            if (job.BatchIndex < 0)
                continue;
            if (job.Sampler is { } sampler)
            {
                job.SampledToken = sampler.Sample(_context.NativeHandle, job.BatchIndex);
            }
            else
            {
                // Fetched here, on the loop thread: llama_get_logits_ith synchronizes the backend and may reorder the
                // outputs, neither of which may run on several threads at once.
                var logits = _context.NativeHandle.GetLogitsIth(job.BatchIndex);
                job.Logits = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(logits));
                job.LogitsLength = logits.Length;
            }

            sampled.Add(job);
        }

        // The arg-max of every greedy sequence and its text: at B = 32 with a 128k vocabulary that is 16 MB of logits per
        // step, ~1.5 ms on one core against a ~4 ms decode step of a 1B model on an H100, so several sequences share
        // the cores (each job's decoder and logits are its own).
        var perSequenceFloats = sampled.Count == 0 ? 0 : vocab.Count;
        if (sampled.Count >= 4 && (long)sampled.Count * perSequenceFloats >= ParallelArgMaxFloats)
        {
            Parallel.For(0, sampled.Count, _parallelOptions, i => Pick(sampled[i], vocab));
            ParallelPickSteps++;
        }
        else
        {
            foreach (var job in sampled)
                Pick(job, vocab);
        }

        foreach (var job in sampled)
        {
            if (job.Generated == 0)
                job.FirstTokenSeconds = Stopwatch.GetElapsedTime(job.StartTimestamp).TotalSeconds;
            if (job.EndOfGeneration)
            {
                Finish(job, StopKind.EndOfGeneration, null);
                continue;
            }

            job.Generated++;
            job.Output.Writer.TryWrite(new GeneratedToken(job.SampledToken, job.SampledText!));

            if (job.Request.MaxTokens is { } max && job.Generated >= max)
                Finish(job, StopKind.MaxTokens, null);
            else if (job.Slot!.Tokens.Count >= ContextSize)
                Finish(job, StopKind.ContextFull, null);
            else
                job.NextToken = job.SampledToken;
        }
    }

    /// <summary>Greedy sequences' token from their logits; every sampled token's text (or its end of generation).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Pick(Job job, SafeLlamaModelHandle.Vocabulary vocab)
    {
        if (job.Sampler is null)
        {
            job.SampledToken = ArgMax(new ReadOnlySpan<float>((float*)job.Logits, job.LogitsLength));
            job.Logits = 0;
        }

        job.EndOfGeneration = !job.Request.IgnoreEndOfGeneration && job.SampledToken.IsEndOfGeneration(vocab);
        if (job.EndOfGeneration)
            return;
        job.Decoder.Add(job.SampledToken);
        job.SampledText = job.Decoder.Read();
    }

    /// <summary>Below this many logits per step (B × vocabulary) one core finds the arg-maxes faster than several.</summary>
    private const long ParallelArgMaxFloats = 256 * 1024;

    private void Finish(Job job, StopKind kind, Exception? error)
    {
        _active.Remove(job);
        if (job.Slot is { } slot)
        {
            slot.Job = null;
            slot.LastUsed = ++_clock;
        }

        job.Complete(kind, error);
    }

    /// <summary>
    /// Greedy choice straight from the logits: same token as llama.cpp's greedy sampler (the first maximum) without
    /// building its candidate array of the whole vocabulary every token. One pass: each lane keeps its first maximum
    /// and where it was, so the logits (which a GPU step has just copied to host memory, not into a cache) are read once.
    /// </summary>
    // Fully optimized from the first call: left to tiering, the loop ran as on-stack-replacement code for the whole of a
    // benchmark (new async code kept delaying tier-1) and took ~20 µs instead of ~6 µs per 32k-entry row.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static LLamaToken ArgMax(ReadOnlySpan<float> logits)
    {
        var best = 0;
        var max = float.NegativeInfinity;
        var i = 0;
        var width = System.Numerics.Vector<float>.Count;
        if (System.Numerics.Vector.IsHardwareAccelerated && System.Numerics.Vector<int>.Count == width && logits.Length >= width * 2)
        {
            var maxVector = new System.Numerics.Vector<float>(float.NegativeInfinity);
            var where = System.Numerics.Vector<int>.Zero;
            var indices = System.Numerics.Vector<int>.Indices;
            var stride = new System.Numerics.Vector<int>(width);
            for (; i <= logits.Length - width; i += width)
            {
                var values = new System.Numerics.Vector<float>(logits[i..]);
                var greater = System.Numerics.Vector.GreaterThan(values, maxVector);
                maxVector = System.Numerics.Vector.ConditionalSelect(greater, values, maxVector);
                where = System.Numerics.Vector.ConditionalSelect(greater, indices, where);
                indices += stride;
            }

            best = -1;
            for (var lane = 0; lane < width; lane++)
            {
                if (maxVector[lane] > max || (maxVector[lane] == max && best >= 0 && where[lane] < best))
                    (max, best) = (maxVector[lane], where[lane]);
            }

            if (best < 0)
                (max, best) = (float.NegativeInfinity, 0);
        }

        for (; i < logits.Length; i++)
        {
            if (logits[i] > max)
                (max, best) = (logits[i], i);
        }

        return best;
    }

    private static int CommonPrefix(List<LLamaToken> cached, IReadOnlyList<LLamaToken> prompt)
    {
        var n = Math.Min(cached.Count, prompt.Count);
        var i = 0;
        while (i < n && cached[i] == prompt[i])
            i++;
        return i;
    }

    /// <summary>Stop the loop, fail what is still running, free the context.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            Monitor.PulseAll(_gate);
        }

        // The loop finishes its current step, then fails whatever is still running (it alone touches the active list).
        _thread.Join();
        _context.Dispose();
    }

    internal sealed class Slot(LLamaSeqId id)
    {
        public LLamaSeqId Id { get; } = id;

        /// <summary>Tokens this sequence holds in the KV cache, in position order.</summary>
        public List<LLamaToken> Tokens { get; } = [];

        public long LastUsed { get; set; }

        public Job? Job { get; set; }
    }

    internal enum StopKind
    {
        None,
        Cancelled,
        Abandoned,
        EndOfGeneration,
        MaxTokens,
        ContextFull,
        Failed,
    }

    internal sealed class Job
    {
        private readonly TaskCompletionSource<GenerationResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationToken _cancellation;
        private int _stop;

        public Job(LlamaGenerator owner, GenerationRequest request, CancellationToken cancellation)
        {
            Request = request;
            _cancellation = cancellation;
            StartTimestamp = Stopwatch.GetTimestamp();
            Output = Channel.CreateUnbounded<GeneratedToken>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = false });
            Sampler = request.Sampling.Temperature <= 0 && !request.Sampling.UsesPenalties && !request.Sampling.ForceNativeSampler ? null : CreateSampler(request.Sampling, request.PromptTokens);
            Decoder = new StreamingTokenDecoder(Encoding.UTF8, owner._weights.NativeHandle);
        }

        public GenerationRequest Request { get; }

        public Channel<GeneratedToken> Output { get; }

        public Task<GenerationResult> Completion => _completion.Task;

        /// <summary>Native sampler chain; null for plain greedy decoding, which takes the arg-max directly.</summary>
        public SafeLLamaSamplerChainHandle? Sampler { get; }

        public StreamingTokenDecoder Decoder { get; }

        public CancellationTokenRegistration Registration { get; set; }

        public long StartTimestamp { get; }

        public Slot? Slot { get; set; }

        public int PromptOffset { get; set; }

        public int ReusedPromptTokens { get; set; }

        public int BatchIndex { get; set; } = -1;

        public LLamaToken? NextToken { get; set; }

        /// <summary>This step's logits row (greedy sequences), valid until the next decode.</summary>
        public nint Logits { get; set; }

        public int LogitsLength { get; set; }

        public LLamaToken SampledToken { get; set; }

        public string? SampledText { get; set; }

        public bool EndOfGeneration { get; set; }

        public int Generated { get; set; }

        public double FirstTokenSeconds { get; set; }

        public StopKind StopRequested => (StopKind)Volatile.Read(ref _stop);

        public void RequestStop(StopKind kind) => Interlocked.CompareExchange(ref _stop, (int)kind, 0);

        /// <summary>Ended while still queued.</summary>
        public void FinishUnstarted() => Complete(StopRequested, null);

        public void Fail(Exception error) => Complete(StopKind.Failed, error);

        public void Complete(StopKind kind, Exception? error)
        {
            Registration.Dispose();
            Sampler?.Dispose();
            switch (kind)
            {
                case StopKind.Cancelled:
                    var canceled = new OperationCanceledException(_cancellation);
                    Output.Writer.TryComplete(canceled);
                    _completion.TrySetCanceled(_cancellation);
                    return;
                case StopKind.Failed:
                    Output.Writer.TryComplete(error);
                    _completion.TrySetException(error!);
                    return;
            }

            Output.Writer.TryComplete();
            _completion.TrySetResult(new GenerationResult
            {
                PromptTokens = Request.PromptTokens.Count,
                ReusedPromptTokens = ReusedPromptTokens,
                GeneratedTokens = Generated,
                TimeToFirstTokenSeconds = FirstTokenSeconds,
                StopReason = kind switch
                {
                    StopKind.EndOfGeneration => GenerationStopReason.EndOfGeneration,
                    StopKind.MaxTokens => GenerationStopReason.MaxTokens,
                    StopKind.ContextFull => GenerationStopReason.ContextFull,
                    _ => GenerationStopReason.Abandoned,
                },
            });
        }

        private static SafeLLamaSamplerChainHandle CreateSampler(SamplingSettings s, IReadOnlyList<LLamaToken> prompt)
        {
            var chain = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
            if (s.UsesPenalties)
                chain.AddPenalties(Math.Max(s.RepeatLastN, 0), s.RepeatPenalty, s.FrequencyPenalty, s.PresencePenalty);

            if (s.Temperature <= 0)
            {
                chain.AddGreedySampler();
            }
            else
            {
                if (s.TopK > 0)
                    chain.AddTopK(s.TopK);
                if (s.TopP is > 0 and < 1)
                    chain.AddTopP(s.TopP, 1);
                if (s.MinP is > 0 and < 1)
                    chain.AddMinP(s.MinP, 1);
                chain.AddTemperature(s.Temperature);
                chain.AddDistributionSampler(s.Seed ?? (uint)Random.Shared.Next());
            }

            // The penalties look back over the prompt too, as llama.cpp's own server does.
            if (s.UsesPenalties)
            {
                for (var i = Math.Max(0, prompt.Count - s.RepeatLastN); i < prompt.Count; i++)
                    chain.Accept(prompt[i]);
            }

            return chain;
        }
    }
}

/// <summary>A running sequence: read its tokens, then await its counts. Disposing it early abandons the sequence.</summary>
public sealed class GenerationHandle : IAsyncDisposable
{
    private readonly LlamaGenerator.Job _job;

    internal GenerationHandle(LlamaGenerator.Job job) => _job = job;

    /// <summary>Tokens as they are generated; completes at the end, faults on cancellation or failure.</summary>
    public ChannelReader<GeneratedToken> Tokens => _job.Output.Reader;

    /// <summary>Counts once the sequence has ended.</summary>
    public Task<GenerationResult> Completion => _job.Completion;

    /// <summary>Stop generating (before the next decode step) without cancelling: <see cref="Completion"/> reports <see cref="GenerationStopReason.Abandoned"/>.</summary>
    public void Stop() => _job.RequestStop(LlamaGenerator.StopKind.Abandoned);

    public async ValueTask DisposeAsync()
    {
        Stop();
        try
        {
            await _job.Completion.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The caller already saw (or chose to ignore) how it ended.
        }
    }
}
