namespace PmCopilot.Llama;

/// <summary>A model (or the native libraries it needs) could not be loaded; the message says why in words for the user.</summary>
public class ModelLoadException : Exception
{
    public ModelLoadException(string message) : base(message) { }

    public ModelLoadException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>The native library folder is missing, incomplete, not loadable, or not ABI-compatible with LLamaSharp 0.30.0.</summary>
public sealed class NativeLibraryException : ModelLoadException
{
    public NativeLibraryException(string message) : base(message) { }

    public NativeLibraryException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>
/// A prompt does not fit the context window. We never truncate a chat prompt silently: the caller decides what to drop.
/// </summary>
public sealed class ContextWindowExceededException : Exception
{
    public ContextWindowExceededException(int promptTokens, int contextSize)
        : base($"The prompt is {promptTokens} tokens but the context window is {contextSize} tokens (at least one token must be left to answer). Shorten the conversation or raise the context size.")
    {
        PromptTokens = promptTokens;
        ContextSize = contextSize;
    }

    public int PromptTokens { get; }

    public int ContextSize { get; }
}

/// <summary>A benchmark found that it would not measure what it says (its own check failed), so it reports no figure.</summary>
public sealed class BenchmarkCheckException(string message) : Exception(message);
