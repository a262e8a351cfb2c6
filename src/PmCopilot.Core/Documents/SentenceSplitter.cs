using System.Text;
using System.Text.RegularExpressions;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Documents;

/// <summary>
/// Sentences in Chinese and English. Paragraphs are separated by blank lines; inside one, hard line wraps (PDF text)
/// are joined — without a space between two Chinese characters. Chinese ends at 。！？ (and ；), English at . ! ?
/// followed by a space, except after common abbreviations and inside numbers. List items and table rows are
/// sentences of their own.
/// </summary>
public static partial class SentenceSplitter
{
    public static IEnumerable<string> Split(string text)
    {
        foreach (var paragraph in Paragraphs(text))
        {
            foreach (var sentence in SplitParagraph(paragraph))
            {
                var clean = sentence.Trim();
                if (clean.Length > 0)
                {
                    yield return clean;
                }
            }
        }
    }

    internal static IEnumerable<string> Paragraphs(string text)
    {
        var current = new StringBuilder();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || ListOrRow().IsMatch(line))
            {
                if (current.Length > 0)
                {
                    yield return current.ToString();
                    current.Clear();
                }

                if (line.Length > 0)
                {
                    current.Append(ListMarker().Replace(line, string.Empty));
                }

                continue;
            }

            if (current.Length > 0)
            {
                var joinWithoutSpace = LanguageDetector.IsCjk(current[^1]) || LanguageDetector.IsCjk(line[0]) || current[^1] == '-';
                if (current[^1] == '-' && current.Length > 1 && char.IsLetter(current[^2]) && char.IsLower(line[0]))
                {
                    current.Length--; // hyphenated word broken across lines
                }
                else if (!joinWithoutSpace)
                {
                    current.Append(' ');
                }
            }

            current.Append(line);
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    private static IEnumerable<string> SplitParagraph(string paragraph)
    {
        var start = 0;
        for (var i = 0; i < paragraph.Length; i++)
        {
            var c = paragraph[i];
            var end = -1;
            if (c is '。' or '！' or '？' or '；' or '…')
            {
                end = i + 1;
            }
            else if (c is '.' or '!' or '?' && (i + 1 == paragraph.Length || char.IsWhiteSpace(paragraph[i + 1]) || paragraph[i + 1] is '"' or '”' or ')' or '’'))
            {
                if (c != '.' || !IsAbbreviation(paragraph, i))
                {
                    end = i + 1;
                }
            }

            if (end < 0)
            {
                continue;
            }

            // Closing quotes and brackets belong to the sentence they end.
            while (end < paragraph.Length && paragraph[end] is '"' or '”' or '’' or ')' or '）' or '」' or '』')
            {
                end++;
            }

            yield return paragraph[start..end];
            start = end;
            i = end - 1;
        }

        if (start < paragraph.Length)
        {
            yield return paragraph[start..];
        }
    }

    private static bool IsAbbreviation(string text, int dot)
    {
        var from = dot - 1;
        while (from >= 0 && (char.IsLetter(text[from]) || text[from] == '.'))
        {
            from--;
        }

        var word = text[(from + 1)..dot];
        if (word.Length == 1 && char.IsUpper(word[0]))
        {
            return true; // initials: "J. Smith"
        }

        return word.ToLowerInvariant() is "e.g" or "i.e" or "etc" or "vs" or "mr" or "mrs" or "ms" or "dr" or "prof" or "inc" or "ltd" or "co" or "fig" or "no" or "approx" or "cf" or "st" or "u.s" or "jan" or "feb" or "mar" or "apr" or "jun" or "jul" or "aug" or "sep" or "sept" or "oct" or "nov" or "dec";
    }

    [GeneratedRegex(@"^(?:[-*+•·]\s+|\d{1,3}[.)]\s+|[（(]?\d{1,3}[)）]\s*|\|)")]
    private static partial Regex ListOrRow();

    [GeneratedRegex(@"^(?:[-*+•·]\s+|\d{1,3}[.)]\s+)")]
    private static partial Regex ListMarker();
}
