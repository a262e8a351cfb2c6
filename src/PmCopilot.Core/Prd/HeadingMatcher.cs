using System.Text.RegularExpressions;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Prd;

/// <summary>
/// Recognises a heading as a template section in English or Chinese, whatever its numbering ("## 3. Goals",
/// "二、目标", "第三章 背景") or decoration. The longest alias found wins, so "Non-functional requirements" is not
/// taken for "Functional requirements" and "待解决问题" not for "问题". Short generic aliases ("data", "UX", "数据")
/// only count when they are the whole heading.
/// </summary>
public static partial class HeadingMatcher
{
    public static PrdSection? Match(string heading) => Match(heading, out _);

    /// <param name="exact">True when the whole heading is an alias, not just a part of it.</param>
    public static PrdSection? Match(string heading, out bool exact)
    {
        exact = false;
        var text = Normalize(heading);
        if (text.Length == 0)
        {
            return null;
        }

        PrdSection? best = null;
        var bestScore = 0;
        foreach (var section in PrdSections.All)
        {
            foreach (var alias in section.Aliases)
            {
                var score = Score(text, alias);
                if (score > bestScore)
                {
                    best = section;
                    bestScore = score;
                }
            }
        }

        exact = bestScore >= 1000;
        return best;
    }

    internal static string Normalize(string heading)
    {
        var text = heading.Replace('＆', '&').Replace("&", " and ", StringComparison.Ordinal);
        text = Decoration().Replace(text, " ");
        text = Numbering().Replace(text, string.Empty);
        text = text.Trim().TrimEnd(':', '：', '.', '。').Trim();
        return Spaces().Replace(text.ToLowerInvariant(), " ");
    }

    private static int Score(string text, string alias)
    {
        if (text == alias)
        {
            return 1000 + alias.Length;
        }

        var cjk = alias.Any(LanguageDetector.IsCjk);
        var longEnough = cjk ? alias.Count(LanguageDetector.IsCjk) >= 2 : alias.Length >= 5;
        if (!longEnough)
        {
            return 0;
        }

        var at = text.IndexOf(alias, StringComparison.Ordinal);
        while (at >= 0)
        {
            var before = at == 0 || !char.IsAsciiLetterOrDigit(text[at - 1]);
            var after = at + alias.Length >= text.Length || !char.IsAsciiLetterOrDigit(text[at + alias.Length]);
            if (cjk || (before && after))
            {
                return alias.Length;
            }

            at = text.IndexOf(alias, at + 1, StringComparison.Ordinal);
        }

        return 0;
    }

    // Markdown emphasis, links' brackets, emoji and other symbols around the words.
    [GeneratedRegex(@"[*_`~\[\]#>|]|[\p{So}\p{Cs}]")]
    private static partial Regex Decoration();

    [GeneratedRegex(@"^\s*(?:(?:section|part|chapter|appendix)\s+\w+[:.]?\s+|\d+(?:\.\d+)*\.?\)?\s*|[A-Za-z][.)]\s+|[ivx]+[.)]\s+|[一二三四五六七八九十]+[、.．]\s*|第[一二三四五六七八九十百\d]+[章节部分篇]\s*|[（(]\s*[\d一二三四五六七八九十]+\s*[)）]\s*)", RegexOptions.IgnoreCase)]
    private static partial Regex Numbering();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
