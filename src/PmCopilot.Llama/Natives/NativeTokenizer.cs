using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using LLama.Native;

namespace PmCopilot.Llama.Natives;

/// <summary>
/// <c>llama_tokenize</c> called once. LLamaSharp's <see cref="SafeLlamaModelHandle.Tokenize"/> calls it twice (first to
/// count, then to fill an exactly sized array), which made tokenizing a ~700-token chat prompt ~1.5× slower than
/// node-llama-cpp on the same library — time to first token pays it on every new conversation. Here the buffer is sized
/// from the UTF-8 length (a token covers at least one byte; the tokenizer may add a few special tokens), so one call fills it.
/// </summary>
internal sealed unsafe class NativeTokenizer
{
    private readonly SafeLlamaModelHandle _model;
    private readonly delegate* unmanaged<IntPtr, IntPtr> _getVocab;
    private readonly delegate* unmanaged<IntPtr, byte*, int, int*, int, byte, byte, int> _tokenize;

    private NativeTokenizer(SafeLlamaModelHandle model, IntPtr getVocab, IntPtr tokenize)
    {
        _model = model;
        _getVocab = (delegate* unmanaged<IntPtr, IntPtr>)getVocab;
        _tokenize = (delegate* unmanaged<IntPtr, byte*, int, int*, int, byte, byte, int>)tokenize;
    }

    /// <summary>Null when the library at <paramref name="libraryPath"/> (already loaded) lacks the two exports: the caller keeps LLamaSharp's.</summary>
    public static NativeTokenizer? TryCreate(SafeLlamaModelHandle model, string? libraryPath)
    {
        if (libraryPath is null || !NativeLibrary.TryLoad(libraryPath, out var library))
            return null;
        return NativeLibrary.TryGetExport(library, "llama_model_get_vocab", out var getVocab)
               && NativeLibrary.TryGetExport(library, "llama_tokenize", out var tokenize)
            ? new NativeTokenizer(model, getVocab, tokenize)
            : null;
    }

    public LLamaToken[] Tokenize(string text, bool addSpecial, bool parseSpecial)
    {
        var byteCount = Encoding.UTF8.GetByteCount(text);
        var bytes = ArrayPool<byte>.Shared.Rent(byteCount + 1);
        var capacity = byteCount + 8;
        var tokens = ArrayPool<int>.Shared.Rent(capacity);
        var added = false;
        try
        {
            _model.DangerousAddRef(ref added);
            Encoding.UTF8.GetBytes(text, bytes);
            bytes[byteCount] = 0;
            var vocab = _getVocab(_model.DangerousGetHandle());
            int count;
            fixed (byte* textPtr = bytes)
            fixed (int* tokenPtr = tokens)
                count = _tokenize(vocab, textPtr, byteCount, tokenPtr, capacity, addSpecial ? (byte)1 : (byte)0, parseSpecial ? (byte)1 : (byte)0);
            if (count < 0)
            {
                // More tokens than bytes + 8: not expected from any llama.cpp vocabulary; -count is the exact need.
                ArrayPool<int>.Shared.Return(tokens);
                capacity = -count;
                tokens = ArrayPool<int>.Shared.Rent(capacity);
                fixed (byte* textPtr = bytes)
                fixed (int* tokenPtr = tokens)
                    count = _tokenize(vocab, textPtr, byteCount, tokenPtr, capacity, addSpecial ? (byte)1 : (byte)0, parseSpecial ? (byte)1 : (byte)0);
                if (count < 0)
                    throw new InvalidOperationException($"llama_tokenize failed ({count}).");
            }

            var result = new LLamaToken[count];
            MemoryMarshal.Cast<int, LLamaToken>(tokens.AsSpan(0, count)).CopyTo(result);
            return result;
        }
        finally
        {
            if (added)
                _model.DangerousRelease();
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<int>.Shared.Return(tokens);
        }
    }
}
