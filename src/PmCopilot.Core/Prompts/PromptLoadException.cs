namespace PmCopilot.Core.Prompts;

/// <summary>
/// A prompt is missing or broken. This is an installation problem, not the user's input, so it is not a
/// <see cref="Jobs.JobInputException"/>; the message names the prompt and where it was looked for.
/// </summary>
public sealed class PromptLoadException : Exception
{
    public PromptLoadException(string message)
        : base(message)
    {
    }

    public PromptLoadException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
