using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace PmCopilot.Core.Documents;

/// <summary>
/// HTML without a DOM: scripts, styles, templates and comments go; h1–h6 become section headings; block elements
/// become line breaks; entities are decoded. Enough for saved web pages and exported docs, not a browser.
/// </summary>
internal static partial class HtmlReader
{
    private const char HeadingMark = '\u0001';

    public static bool LooksLikeHtml(string text) => HtmlStart().IsMatch(text[..Math.Min(text.Length, 2048)]);

    public static DocumentContent Read(string html, string fallbackTitle)
    {
        var titleMatch = TitleTag().Match(html);
        var title = titleMatch.Success ? Clean(titleMatch.Groups[1].Value) : null;

        var text = Invisible().Replace(html, " ");
        text = Comment().Replace(text, " ");
        text = Head().Replace(text, " ");
        text = HeadingTag().Replace(text, m => $"\n{HeadingMark}{m.Groups[1].Value}{Clean(m.Groups[2].Value)}\n");
        text = Cell().Replace(text, " | ");
        text = BlockTag().Replace(text, "\n\n");
        text = AnyTag().Replace(text, string.Empty);
        text = WebUtility.HtmlDecode(text);

        var sections = new List<DocumentSection>();
        var numbering = new SectionNumbering();
        var path = new List<(int Level, string Text)>();
        IReadOnlyList<string> current = [];
        var reference = "§0";
        var body = new StringBuilder();
        var headings = text.Split('\n').Where(l => l.Length > 0 && l[0] == HeadingMark).ToList();
        var titleFromH1 = title is null && headings.Count > 1 && headings.Count(h => h[1] == '1') == 1 && headings[0][1] == '1';

        void Flush()
        {
            var content = Blank().Replace(body.ToString(), "\n\n").Trim();
            if (content.Length > 0)
            {
                sections.Add(new DocumentSection(current, reference, content));
            }

            body.Clear();
        }

        foreach (var raw in text.Split('\n'))
        {
            if (raw.Length > 0 && raw[0] == HeadingMark)
            {
                var level = raw[1] - '0';
                var heading = raw[2..].Trim();
                if (titleFromH1 && level == 1)
                {
                    title = heading;
                    continue;
                }

                Flush();
                while (path.Count > 0 && path[^1].Level >= level)
                {
                    path.RemoveAt(path.Count - 1);
                }

                path.Add((level, heading));
                reference = numbering.Next(path.Count, heading);
                current = [.. path.Select(p => p.Text)];
                continue;
            }

            var line = Spaces().Replace(raw, " ").Trim();
            body.Append(line).Append('\n');
        }

        Flush();
        return new DocumentContent(string.IsNullOrWhiteSpace(title) ? fallbackTitle : title, SourceFormat.Html, sections);
    }

    private static string Clean(string fragment) => Spaces().Replace(WebUtility.HtmlDecode(AnyTag().Replace(fragment, " ")), " ").Trim();

    [GeneratedRegex(@"^\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<div|<p>|<h[1-6])", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlStart();

    [GeneratedRegex(@"<title[^>]*>(.*?)</title\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex TitleTag();

    [GeneratedRegex(@"<(script|style|noscript|template|svg|iframe|object|canvas)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Invisible();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"<head\b[^>]*>.*?</head\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Head();

    [GeneratedRegex(@"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HeadingTag();

    [GeneratedRegex(@"</t[dh]\s*>", RegexOptions.IgnoreCase)]
    private static partial Regex Cell();

    [GeneratedRegex(@"<(?:/?(?:p|div|section|article|header|footer|main|aside|nav|li|ul|ol|tr|table|blockquote|pre|dd|dt|dl|figure|figcaption)\b[^>]*|br\s*/?)>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockTag();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex AnyTag();

    [GeneratedRegex(@"[ \t\u00A0]+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\n\s*\n+")]
    private static partial Regex Blank();
}
