namespace PmCopilot.Core.Jobs;

/// <summary>The language a job answers in. Auto follows the language of the user's input.</summary>
public enum AnswerLanguage
{
    Auto,
    Zh,
    En,
}
