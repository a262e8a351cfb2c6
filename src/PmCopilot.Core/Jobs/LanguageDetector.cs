namespace PmCopilot.Core.Jobs;

/// <summary>Tells Chinese from English text by the share of CJK ideographs among letters.</summary>
public static class LanguageDetector
{
    public static AnswerLanguage Detect(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return AnswerLanguage.En;
        }

        int cjk = 0, latin = 0;
        foreach (var ch in text)
        {
            if (IsCjk(ch))
            {
                cjk++;
            }
            else if (char.IsAsciiLetter(ch))
            {
                latin++;
            }
        }

        // One ideograph carries roughly a word; an English word is ~5 letters.
        return cjk * 5 >= latin && cjk > 0 ? AnswerLanguage.Zh : AnswerLanguage.En;
    }

    public static AnswerLanguage Resolve(AnswerLanguage requested, string? text) =>
        requested == AnswerLanguage.Auto ? Detect(text) : requested;

    public static bool IsCjk(char ch) =>
        (ch >= '\u4E00' && ch <= '\u9FFF') || (ch >= '\u3400' && ch <= '\u4DBF') || (ch >= '\uF900' && ch <= '\uFAFF');
}
