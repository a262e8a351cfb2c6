namespace PmCopilot.Core.Prompts;

/// <summary>
/// A prompt is missing or broken, or a job rendered it without a value it needs. This is an installation or
/// programming problem, not the user's input, so it is not a <see cref="Jobs.JobInputException"/>; the message
/// names the prompt and where it was looked for.
/// </summary>
public sealed class PromptLoadException : InvalidOperationException
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
