using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Feedback;

/// <summary>Cleaning and normalising feedback text: HTML remnants and odd whitespace go, emoji and punctuation stay.</summary>
internal static partial class FeedbackText
{
    public static string Clean(string raw)
    {
        var text = raw;
        if (text.Contains('<', StringComparison.Ordinal))
        {
            text = HtmlBreak().Replace(text, " ");
            text = HtmlTag().Replace(text, string.Empty);
        }

        if (text.Contains('&', StringComparison.Ordinal))
        {
            text = WebUtility.HtmlDecode(text);
        }

        var builder = new StringBuilder(text.Length);
        bool space = false;
        foreach (var ch in text)
        {
            if (ch is '\u200B' or '\u200C' or '\u200D' or '\uFEFF' or '\u00AD')
            {
                continue;
            }

            if (char.IsWhiteSpace(ch) || (char.IsControl(ch) && !char.IsSurrogate(ch)))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(ch);
        }

        return builder.ToString();
    }

    /// <summary>The key under which exact duplicates match: letters, digits and ideographs only, lower case.</summary>
    public static string DuplicateKey(string clean)
    {
        var builder = new StringBuilder(clean.Length);
        foreach (var ch in clean)
        {
            if (char.IsLetterOrDigit(ch))
            {
                builder.Append(char.ToLowerInvariant(ch));
            }
        }

        return builder.ToString();
    }

    public static AnswerLanguage Language(string clean) => LanguageDetector.Detect(clean);

    [GeneratedRegex(@"<\s*(br|p|/p|div|/div|li|/li|tr|/tr|h\d|/h\d)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlBreak();

    [GeneratedRegex(@"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")]
    private static partial Regex HtmlTag();
}
