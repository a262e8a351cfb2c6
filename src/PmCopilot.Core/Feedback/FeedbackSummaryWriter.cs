using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using PmCopilot.Core.Jobs;
using PmCopilot.Core.Prompts;

namespace PmCopilot.Core.Feedback;

/// <summary>
/// The model half of the feedback job. The model sees only a compact evidence block the analyzer computed (theme ids,
/// counts, shares, sentiment, trend, verified quotes), never the items, and is asked for theme names and a summary.
/// Everything it writes is checked before anyone sees it: a sentence with a number that is not in the evidence, a
/// quotation that is not one of the verified quotes, or a theme id that does not exist is dropped and reported.
/// Sentences stream to the observer as they pass the checks.
/// </summary>
public static partial class FeedbackSummaryWriter
{
    public const string PromptName = "feedback-summary";
    private const int MaxQuoteInEvidence = 160;

    public static async Task WriteAsync(FeedbackReport report, IChatClient chat, IJobObserver observer, CancellationToken ct, PromptLibrary? prompts = null, FeedbackRequest? request = null)
    {
        bool zh = report.Language == AnswerLanguage.Zh;
        var prompt = (prompts ?? PromptLibrary.Default).Get(PromptName, report.Language);
        var options = prompt.Settings.ToChatOptions();
        if (request?.MaxOutputTokens is int maxOutput)
        {
            options.MaxOutputTokens = maxOutput;
        }

        int budget = prompt.Settings.MaxInputTokens ?? 1800;
        if (request?.ContextTokens is int context)
        {
            budget = Math.Min(budget, context - (options.MaxOutputTokens ?? 450) - EstimateTokens(prompt.Template) - 64);
        }

        // Fewer quotes first, then fewer themes (the smallest go), until the evidence fits the window.
        string evidence = BuildEvidence(report, zh, quotesPerTheme: 2);
        for (int quotes = 1, themes = report.Themes.Count; EstimateTokens(evidence) > budget && themes > 1;)
        {
            if (quotes >= 0)
            {
                evidence = BuildEvidence(report, zh, quotes--, themes);
            }
            else
            {
                evidence = BuildEvidence(report, zh, 0, --themes);
            }
        }

        var checker = new EvidenceChecker(evidence, report);
        var parser = new SummaryStream(checker, observer, zh);
        var messages = new List<ChatMessage> { new(ChatRole.User, prompt.Render(("evidence", evidence))) };
        report.ModelUsed = true;
        try
        {
            await foreach (var update in chat.GetStreamingResponseAsync(messages, options, ct).ConfigureAwait(false))
            {
                if (!string.IsNullOrEmpty(update.Text))
                {
                    parser.Append(update.Text);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            parser.Warnings.Add(zh ? $"模型调用失败：{ex.Message}" : $"The model failed: {ex.Message}");
        }

        parser.Finish();
        foreach (var (id, name) in parser.Names)
        {
            if (report.Themes.FirstOrDefault(t => t.Id == id) is { } theme)
            {
                theme.Name = name;
            }
        }

        report.Summary = parser.Summary.Length > 0 ? parser.Summary.ToString().Trim() : null;
        report.SummaryWarnings = parser.Warnings;
    }

    /// <summary>The only facts the model gets. Shares are whole percentages so the model can copy, not compute.</summary>
    public static string BuildEvidence(FeedbackReport report, bool zh, int quotesPerTheme, int maxThemes = int.MaxValue)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(zh
            ? string.Create(inv, $"分析的反馈：{report.AnalyzedItems} 条（收到 {report.TotalItems} 条，去除重复 {report.ExactDuplicates + report.NearDuplicates} 条）。")
            : string.Create(inv, $"Feedback items analysed: {report.AnalyzedItems} (received {report.TotalItems}, duplicates removed {report.ExactDuplicates + report.NearDuplicates})."));
        text.AppendLine(zh
            ? string.Create(inv, $"整体情感：正面 {report.Sentiment.Positive}，中性 {report.Sentiment.Neutral}，负面 {report.Sentiment.Negative}。")
            : string.Create(inv, $"Overall sentiment: {report.Sentiment.Positive} positive, {report.Sentiment.Neutral} neutral, {report.Sentiment.Negative} negative."));
        text.AppendLine(zh ? "主题：" : "Themes:");
        foreach (var theme in report.Themes.Take(maxThemes))
        {
            var mostly = FeedbackReport.CategoryName(FeedbackReport.CategoryKey(theme.DominantCategory), zh);
            var trend = theme.Trend?.Direction switch
            {
                "rising" => zh ? "上升" : "rising",
                "falling" => zh ? "下降" : "falling",
                "new" => zh ? "新出现" : "new",
                "stable" => zh ? "平稳" : "stable",
                _ => zh ? "无日期" : "no dates",
            };
            int percent = (int)Math.Round(theme.Share * 100);
            text.AppendLine(zh
                ? string.Create(inv, $"[T{theme.Id}] 关键词：{theme.Label}；条数：{theme.Count}；占比：{percent}%；主要类别：{mostly}；情感：正面 {theme.Sentiment.Positive}，中性 {theme.Sentiment.Neutral}，负面 {theme.Sentiment.Negative}；趋势：{trend}")
                : string.Create(inv, $"[T{theme.Id}] terms: {theme.Label}; items: {theme.Count}; share: {percent}%; mostly: {mostly}; sentiment: {theme.Sentiment.Positive} positive, {theme.Sentiment.Neutral} neutral, {theme.Sentiment.Negative} negative; trend: {trend}"));
            foreach (var quote in theme.Quotes.Take(quotesPerTheme))
            {
                text.AppendLine($"  \"{ShortQuote(quote.Text)}\"");
            }
        }

        return text.ToString();
    }

    /// <summary>A long quote is cut to its start, which is still an exact substring of the item.</summary>
    internal static string ShortQuote(string quote)
    {
        if (quote.Length <= MaxQuoteInEvidence)
        {
            return quote;
        }

        int cut = quote.LastIndexOf(' ', MaxQuoteInEvidence - 1);
        cut = cut < MaxQuoteInEvidence / 2 ? MaxQuoteInEvidence : cut;
        if (char.IsHighSurrogate(quote[cut - 1]))
        {
            cut--;
        }

        return quote[..cut].TrimEnd();
    }

    /// <summary>A deliberately high estimate: small models' tokenizers split English into ~3 characters and an ideograph into 1–2 tokens.</summary>
    private static int EstimateTokens(string text)
    {
        int cjk = text.Count(LanguageDetector.IsCjk);
        return cjk * 3 / 2 + (text.Length - cjk) / 3;
    }

    /// <summary>Knows which numbers, quotes and theme ids the evidence holds.</summary>
    internal sealed partial class EvidenceChecker
    {
        private readonly HashSet<decimal> numbers = [];
        private readonly List<string> quotes;
        private readonly HashSet<int> themeIds;
        private readonly List<string> names;

        public EvidenceChecker(string evidence, FeedbackReport report)
        {
            foreach (Match match in Number().Matches(evidence))
            {
                numbers.Add(decimal.Parse(match.Value.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture));
            }

            quotes = report.Themes.SelectMany(t => t.Quotes).Select(q => q.Text).ToList();
            themeIds = report.Themes.Select(t => t.Id).ToHashSet();

            // "theme 3" names a theme the evidence lists; it is not a count.
            numbers.UnionWith(themeIds.Select(id => (decimal)id));
            names = report.Themes.SelectMany(t => new[] { t.Label }.Concat(t.Terms)).ToList();
        }

        /// <summary>Null when the text passes; otherwise why it does not.</summary>
        public string? Check(string text, bool zh)
        {
            foreach (Match match in ThemeReference().Matches(text))
            {
                if (!themeIds.Contains(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)))
                {
                    return zh ? $"引用了不存在的主题 {match.Value}" : $"it names theme {match.Value}, which does not exist";
                }
            }

            var withoutIds = ThemeReference().Replace(text, " ");
            foreach (Match match in Number().Matches(withoutIds))
            {
                var value = decimal.Parse(match.Value.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
                if (!numbers.Contains(value))
                {
                    return zh ? $"数字 {match.Value} 不在计算结果中" : $"the number {match.Value} is not in the evidence";
                }
            }

            foreach (var (word, value) in NumberWords(withoutIds))
            {
                if (!numbers.Contains(value))
                {
                    return zh ? $"数字“{word}”不在计算结果中" : $"the number \"{word}\" is not in the evidence";
                }
            }

            foreach (Match match in Quoted().Matches(text))
            {
                var quoted = match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Success ? match.Groups[2].Value : match.Groups[3].Value;
                quoted = quoted.Trim().TrimEnd('.', ',', '。', '，', '!', '！', '?', '？', '…').Trim();
                if (quoted.Length < 3)
                {
                    continue;
                }

                bool verbatim = quotes.Any(q => q.Contains(quoted, StringComparison.Ordinal))
                    || names.Any(n => string.Equals(n, quoted, StringComparison.OrdinalIgnoreCase));
                if (!verbatim)
                {
                    return zh ? $"引号中的“{quoted}”不是已核实的原文引用" : $"\"{quoted}\" is quoted but is not one of the verified quotes";
                }
            }

            return null;
        }

        private static readonly Dictionary<string, int> EnglishNumbers = new(StringComparer.OrdinalIgnoreCase)
        {
            ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8, ["nine"] = 9, ["ten"] = 10,
            ["eleven"] = 11, ["twelve"] = 12, ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["hundred"] = 100, ["thousand"] = 1000,
            ["dozen"] = 12,
        };

        /// <summary>Numbers written as words: English number words, and Chinese numerals before a measure word (三条, 两成, 五个).</summary>
        private static IEnumerable<(string Word, decimal Value)> NumberWords(string text)
        {
            foreach (Match match in EnglishWord().Matches(text))
            {
                if (EnglishNumbers.TryGetValue(match.Value, out int value))
                {
                    yield return (match.Value, value);
                }
            }

            foreach (Match match in ChineseNumeral().Matches(text))
            {
                if (ParseChinese(match.Groups[1].Value) is { } value && !(value == 1 && match.Groups[1].Value.Length == 1))
                {
                    yield return (match.Value, value);
                }
            }
        }

        private static decimal? ParseChinese(string numeral)
        {
            decimal total = 0, section = 0, digit = 0;
            foreach (var ch in numeral)
            {
                int d = "零一二三四五六七八九".IndexOf(ch, StringComparison.Ordinal);
                if (ch == '两')
                {
                    d = 2;
                }

                if (d >= 0)
                {
                    digit = d;
                    continue;
                }

                int unit = ch switch { '十' => 10, '百' => 100, '千' => 1000, '万' => 10000, _ => 0 };
                if (unit == 0)
                {
                    return null;
                }

                if (unit == 10000)
                {
                    total = (total + section + digit) * unit;
                    section = 0;
                }
                else
                {
                    section += (digit == 0 && unit == 10 ? 1 : digit) * unit;
                }

                digit = 0;
            }

            return total + section + digit;
        }

        [GeneratedRegex(@"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w])|(?<![\w.])\d+(?:\.\d+)?")]
        private static partial Regex Number();

        [GeneratedRegex(@"\[?\bT(\d+)\b\]?")]
        private static partial Regex ThemeReference();

        [GeneratedRegex(@"[A-Za-z]+")]
        private static partial Regex EnglishWord();

        [GeneratedRegex(@"([零一二三四五六七八九十百千万两]+)(?=[条个位项次成倍人名%])")]
        private static partial Regex ChineseNumeral();

        [GeneratedRegex("\"([^\"]+)\"|[“]([^”]+)[”]|[「『]([^」』]+)[」』]")]
        private static partial Regex Quoted();
    }

    /// <summary>
    /// Reads the model's output as it streams: "NAMES" lines become theme names, the rest is the summary, checked a
    /// sentence at a time; a sentence is passed to the observer only once it is complete and has passed the checks.
    /// </summary>
    internal sealed partial class SummaryStream(EvidenceChecker checker, IJobObserver observer, bool zh = false)
    {
        private readonly StringBuilder pending = new();
        private bool inNames;

        public Dictionary<int, string> Names { get; } = [];

        public StringBuilder Summary { get; } = new();

        public List<string> Warnings { get; } = [];

        public void Append(string delta)
        {
            pending.Append(delta);
            Drain(final: false);
        }

        public void Finish() => Drain(final: true);

        private void Drain(bool final)
        {
            while (true)
            {
                var text = pending.ToString();
                int newline = text.IndexOf('\n', StringComparison.Ordinal);
                if (newline >= 0)
                {
                    pending.Remove(0, newline + 1);
                    Line(text[..newline], lineEnded: true);
                    continue;
                }

                if (!inNames)
                {
                    // Inside a line, pass on finished sentences early (a sentence end followed by a space or a CJK end mark).
                    var end = SentenceEnd().Match(text);
                    if (end.Success && !NameLine().IsMatch(text) && !Marker().IsMatch(text.Trim()))
                    {
                        pending.Remove(0, end.Index + end.Length);
                        Sentence(text[..(end.Index + end.Length)], lineEnded: false);
                        continue;
                    }
                }

                if (final && text.Length > 0)
                {
                    pending.Clear();
                    Line(text, lineEnded: true);
                }

                return;
            }
        }

        private void Line(string line, bool lineEnded)
        {
            var trimmed = line.Trim().Trim('*', '#', ' ');
            if (Marker().Match(trimmed) is { Success: true } marker)
            {
                inNames = marker.Groups[1].Success;
                return;
            }

            if (NameLine().Match(line) is { Success: true } name)
            {
                AddName(int.Parse(name.Groups[1].Value, CultureInfo.InvariantCulture), name.Groups[2].Value.Trim());
                return;
            }

            if (inNames && trimmed.Length > 0)
            {
                // Free text among the names: treat it as summary from here on.
                inNames = false;
            }

            Sentence(line, lineEnded);
        }

        private void AddName(int id, string name)
        {
            name = name.Trim().Trim('"', '“', '”', '*').Trim();
            if (name.Length == 0 || name.Length > 60)
            {
                Warnings.Add(zh ? $"T{id} 的名称长度不合适，保留计算出的标签。" : $"The name for T{id} was empty or too long; the computed label is kept.");
                return;
            }

            if (checker.Check(name, zh) is { } problem)
            {
                Warnings.Add(zh ? $"T{id} 的名称“{name}”已忽略：{problem}。" : $"The name \"{name}\" for T{id} was ignored: {problem}.");
                return;
            }

            Names[id] = name;
        }

        private void Sentence(string sentence, bool lineEnded)
        {
            if (sentence.Trim().Length == 0)
            {
                if (lineEnded && Summary.Length > 0 && !EndsWithBlankLine())
                {
                    Summary.Append('\n');
                    observer.OnText("\n");
                }

                return;
            }

            if (checker.Check(sentence, zh) is { } problem)
            {
                Warnings.Add(zh ? $"已删除“{sentence.Trim()}”：{problem}。" : $"Removed \"{sentence.Trim()}\": {problem}.");
                return;
            }

            var piece = lineEnded ? sentence.TrimEnd() + "\n" : sentence;
            Summary.Append(piece);
            observer.OnText(piece);
        }

        private bool EndsWithBlankLine() => Summary.Length >= 2 && Summary[^1] == '\n' && Summary[^2] == '\n';

        [GeneratedRegex(@"^(?:(NAMES|THEME NAMES|主题名称|名称)|(SUMMARY|摘要|总结))\s*[:：]?$", RegexOptions.IgnoreCase)]
        private static partial Regex Marker();

        [GeneratedRegex(@"^\s*[-*]?\s*\[?T(\d+)\]?\s*[:：]\s*(.+?)\s*$")]
        private static partial Regex NameLine();

        [GeneratedRegex(@"[.!?](?=\s)|[。！？]")]
        private static partial Regex SentenceEnd();
    }
}
