namespace PmCopilot.Core.Jobs;

/// <summary>
/// The user's input cannot be used (missing file, binary data, unknown encoding, empty document…).
/// Front ends show <see cref="Exception.Message"/> as it is and exit with the "bad input" code; the message
/// must therefore say what was wrong and what to do, with no stack trace needed.
/// </summary>
public sealed class JobInputException : Exception
{
    public JobInputException(string message)
        : base(message)
    {
    }

    public JobInputException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
