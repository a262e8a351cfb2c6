using System.Globalization;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Feedback;

/// <summary>Turns a cluster of items into what a reader needs: a label from distinctive terms, verified quotes, a trend and an action.</summary>
internal static class ThemeDescriber
{
    private const int MaxQuoteLength = 240, MinQuoteLength = 8;

    /// <summary>
    /// The most distinctive terms: frequent in the theme and rarer elsewhere (share × log lift), shown in the
    /// form people wrote them; overlapping Chinese bigrams that occur together are joined ("夜间"+"间模"+"模式" → "夜间模式").
    /// </summary>
    public static List<string> Terms(int[] clusterDf, int clusterSize, int[] df, int total, string[] vocabulary, bool[] generic, IReadOnlyList<FeedbackItem> members, bool zh)
    {
        var scored = new List<(int Term, double Score)>();
        int minimum = clusterSize >= 10 ? 2 : 1;
        for (int t = 0; t < clusterDf.Length; t++)
        {
            if (clusterDf[t] < minimum)
            {
                continue;
            }

            double inside = clusterDf[t] / (double)clusterSize, overall = df[t] / (double)total;
            double lift = Math.Log(inside / overall + 1e-9);
            double score = inside * Math.Max(lift, 0.05) * (generic[t] ? 0.3 : 1);
            scored.Add((t, score));
        }

        var ranked = scored.OrderByDescending(s => s.Score).ThenBy(s => vocabulary[s.Term], StringComparer.Ordinal).Take(10).Select(s => vocabulary[s.Term]).ToList();
        var sampleTexts = members.Take(300).Select(m => m.CleanText).ToList();
        var surfaces = SurfaceForms(ranked, sampleTexts);

        var chosen = new List<string>();
        foreach (var term in ranked)
        {
            var display = ThemeConcepts.IsConcept(term) ? ThemeConcepts.Instance.Name(term, zh) : surfaces.GetValueOrDefault(term, term);
            if (chosen.Any(c => c.Contains(display, StringComparison.OrdinalIgnoreCase) || display.Contains(c, StringComparison.OrdinalIgnoreCase) && c.Length >= 2 && IsCjkTerm(c) == IsCjkTerm(display) && !IsCjkTerm(c)))
            {
                // "dark mode" already says "dark"; a longer English phrase replaces its single word below.
                int inside = chosen.FindIndex(c => display.Contains(c, StringComparison.OrdinalIgnoreCase) && !IsCjkTerm(c));
                if (inside >= 0 && display.Length > chosen[inside].Length)
                {
                    chosen[inside] = display;
                }

                continue;
            }

            chosen.Add(display);
        }

        chosen = JoinChineseBigrams(chosen, sampleTexts);
        return chosen.Distinct(StringComparer.OrdinalIgnoreCase).Take(3).ToList();
    }

    private static bool IsCjkTerm(string term) => term.Length > 0 && LanguageDetector.IsCjk(term[0]);

    private static Dictionary<string, string> SurfaceForms(List<string> terms, List<string> texts)
    {
        var wanted = terms.Where(t => !IsCjkTerm(t) && !ThemeConcepts.IsConcept(t)).ToHashSet(StringComparer.Ordinal);
        var counts = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            var tokens = FeedbackTokenizer.Tokenize(text);
            for (int i = 0; i < tokens.Count; i++)
            {
                if (tokens[i].Kind != TokenKind.Word)
                {
                    continue;
                }

                Count(tokens[i].Text, tokens[i].Surface);
                int j = i + 1;
                if (j < tokens.Count && tokens[j].Kind == TokenKind.Word)
                {
                    Count(tokens[i].Text + " " + tokens[j].Text, tokens[i].Surface + " " + tokens[j].Surface);
                }
            }
        }

        return counts.ToDictionary(c => c.Key, c => c.Value.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).First().Key, StringComparer.Ordinal);

        void Count(string term, string surface)
        {
            if (!wanted.Contains(term))
            {
                return;
            }

            if (!counts.TryGetValue(term, out var forms))
            {
                counts[term] = forms = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            forms[surface] = forms.GetValueOrDefault(surface) + 1;
        }
    }

    private static List<string> JoinChineseBigrams(List<string> terms, List<string> texts)
    {
        var result = new List<string>(terms);
        bool merged = true;
        while (merged)
        {
            merged = false;
            for (int a = 0; a < result.Count && !merged; a++)
            {
                for (int b = 0; b < result.Count && !merged; b++)
                {
                    if (a == b || !IsCjkTerm(result[a]) || !IsCjkTerm(result[b]) || result[a][^1] != result[b][0])
                    {
                        continue;
                    }

                    var joined = result[a] + result[b][1..];
                    int together = texts.Count(t => t.Contains(joined, StringComparison.Ordinal));
                    int alone = Math.Min(texts.Count(t => t.Contains(result[a], StringComparison.Ordinal)), texts.Count(t => t.Contains(result[b], StringComparison.Ordinal)));
                    if (together > 0 && together * 2 >= alone)
                    {
                        result[a] = joined;
                        result.RemoveAt(b);
                        merged = true;
                    }
                }
            }
        }

        // A bigram inside a longer joined term adds nothing.
        return result.Where(t => !result.Any(o => o != t && IsCjkTerm(t) && o.Contains(t, StringComparison.Ordinal))).ToList();
    }

    /// <summary>
    /// Up to <paramref name="count"/> quotes: the most typical items first (closest to the theme centre), the first one
    /// from the theme's dominant category, no two near-identical. Each is a span of the item's original text and is
    /// checked to be an exact substring before it is returned.
    /// </summary>
    public static List<FeedbackQuote> Quotes(IReadOnlyList<(FeedbackItem Item, float Fit)> members, FeedbackCategory dominant, IReadOnlyList<string> terms, int count)
    {
        var ordered = members.OrderByDescending(m => m.Fit).ThenBy(m => m.Item.Record).Take(400).Select(m => m.Item).ToList();
        var quotes = new List<FeedbackQuote>();
        var keys = new List<string>();

        void TryAdd(FeedbackItem item)
        {
            if (quotes.Count >= count || quotes.Any(q => q.ItemId == item.Id))
            {
                return;
            }

            var text = ExtractQuote(item.Text, terms);
            if (text is null || !IsVerbatim(item, text))
            {
                return;
            }

            var key = FeedbackText.DuplicateKey(text);
            if (keys.Any(k => k == key || DuplicateFinder.Jaccard(k, key) >= 0.5))
            {
                return;
            }

            keys.Add(key);
            quotes.Add(new FeedbackQuote(item.Id, text));
        }

        foreach (var item in ordered.Where(i => i.Category == dominant))
        {
            TryAdd(item);
            if (quotes.Count > 0)
            {
                break;
            }
        }

        foreach (var item in ordered)
        {
            TryAdd(item);
        }

        return quotes;
    }

    public static bool IsVerbatim(FeedbackItem item, string quote) =>
        quote.Length > 0 && item.Text.Contains(quote, StringComparison.Ordinal);

    /// <summary>A clean span of the raw text: the whole item when short and tidy, else its best sentence.</summary>
    internal static string? ExtractQuote(string raw, IReadOnlyList<string> terms)
    {
        var whole = raw.Trim();
        if (whole.Length >= MinQuoteLength && whole.Length <= MaxQuoteLength && IsTidy(whole))
        {
            return whole;
        }

        var best = (Text: (string?)null, Score: double.MinValue);
        foreach (var segment in Segments(raw))
        {
            var text = segment.Trim();
            if (text.Length < MinQuoteLength || !IsTidy(text))
            {
                continue;
            }

            if (text.Length > MaxQuoteLength)
            {
                text = CutAtBoundary(text, MaxQuoteLength);
            }

            double score = terms.Count(t => text.Contains(t, StringComparison.OrdinalIgnoreCase)) * 10 + Math.Min(text.Length, 120) / 12.0;
            if (score > best.Score)
            {
                best = (text, score);
            }
        }

        return best.Text;
    }

    private static IEnumerable<string> Segments(string raw)
    {
        int start = 0, i = 0;
        while (i < raw.Length)
        {
            char ch = raw[i];
            if (ch == '<')
            {
                // Tags and line breaks are cut away; sentence marks stay with their sentence.
                yield return raw[start..i];
                int close = raw.IndexOf('>', i);
                i = start = close < 0 ? raw.Length : close + 1;
            }
            else if (ch is '\n' or '\r')
            {
                yield return raw[start..i];
                i = start = i + 1;
            }
            else if (IsSentenceEnd(ch))
            {
                int stop = i + 1;
                while (stop < raw.Length && IsSentenceEnd(raw[stop]))
                {
                    stop++;
                }

                yield return raw[start..stop];
                i = start = stop;
            }
            else
            {
                i++;
            }
        }

        if (start < raw.Length)
        {
            yield return raw[start..];
        }
    }

    private static bool IsSentenceEnd(char ch) => ch is '.' or '!' or '?' or '。' or '！' or '？' or ';' or '；';

    private static bool IsTidy(string text) =>
        !text.Contains('<', StringComparison.Ordinal) && !text.Contains('\n', StringComparison.Ordinal) && !text.Contains('\r', StringComparison.Ordinal)
        && !text.Contains('\t', StringComparison.Ordinal) && !text.Contains("  ", StringComparison.Ordinal) && !HasEntity(text);

    private static bool HasEntity(string text)
    {
        int amp = text.IndexOf('&', StringComparison.Ordinal);
        return amp >= 0 && text.IndexOf(';', amp) > amp && text.IndexOf(';', amp) - amp <= 8;
    }

    private static string CutAtBoundary(string text, int max)
    {
        int cut = text.LastIndexOf(' ', max - 1);
        if (cut < max / 2)
        {
            cut = max;
        }

        // Never split a surrogate pair: the quote must stay valid text.
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..cut].TrimEnd();
    }

    /// <summary>Counts per week (spans up to ~4 months) or month, and whether the theme's share of all feedback is rising.</summary>
    public static FeedbackTrend? Trend(IReadOnlyList<FeedbackItem> members, IReadOnlyList<FeedbackItem> all, string granularity, IReadOnlyList<string> periods)
    {
        var memberCounts = CountByPeriod(members, granularity);
        if (memberCounts.Values.Sum() < 3)
        {
            return null;
        }

        var allCounts = CountByPeriod(all, granularity);
        var points = periods.Select(p => new FeedbackTrendPoint(p, memberCounts.GetValueOrDefault(p))).ToList();
        int half = periods.Count / 2;
        var earlier = periods.Take(half).ToList();
        var recent = periods.Skip(periods.Count - half).ToList();
        int earlierTheme = earlier.Sum(p => memberCounts.GetValueOrDefault(p)), recentTheme = recent.Sum(p => memberCounts.GetValueOrDefault(p));
        int earlierAll = earlier.Sum(p => allCounts.GetValueOrDefault(p)), recentAll = recent.Sum(p => allCounts.GetValueOrDefault(p));
        double earlierShare = earlierAll == 0 ? 0 : earlierTheme / (double)earlierAll;
        double recentShare = recentAll == 0 ? 0 : recentTheme / (double)recentAll;

        string direction;
        if (earlierTheme == 0 && recentTheme >= 3)
        {
            direction = "new";
        }
        else if (recentShare >= earlierShare * 1.3 && recentTheme - earlierShare * recentAll >= 3)
        {
            direction = "rising";
        }
        else if (recentShare <= earlierShare / 1.3 && earlierShare * recentAll - recentTheme >= 3)
        {
            direction = "falling";
        }
        else
        {
            direction = "stable";
        }

        return new FeedbackTrend(granularity, points, direction, Math.Round(recentShare, 4), Math.Round(earlierShare, 4));
    }

    public static string Period(DateTimeOffset date, string granularity)
    {
        if (granularity == "month")
        {
            return date.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        }

        var day = date.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(day)}-W{ISOWeek.GetWeekOfYear(day):00}");
    }

    public static List<string> Periods(DateTimeOffset first, DateTimeOffset last, string granularity)
    {
        var periods = new List<string>();
        var cursor = first;
        while (cursor <= last.AddDays(granularity == "week" ? 7 : 31))
        {
            var period = Period(cursor, granularity);
            if (periods.Count == 0 || periods[^1] != period)
            {
                periods.Add(period);
            }

            if (period == Period(last, granularity))
            {
                break;
            }

            cursor = granularity == "week" ? cursor.AddDays(7) : cursor.AddMonths(1);
        }

        return periods;
    }

    private static Dictionary<string, int> CountByPeriod(IEnumerable<FeedbackItem> items, string granularity)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item.Date is { } date)
            {
                var period = Period(date, granularity);
                counts[period] = counts.GetValueOrDefault(period) + 1;
            }
        }

        return counts;
    }

    /// <summary>What to do next, from what the theme mostly is, how people feel, and where it is going.</summary>
    public static string SuggestedAction(FeedbackCategory dominant, string label, int count, SentimentCounts sentiment, FeedbackTrend? trend, bool zh)
    {
        string action = dominant switch
        {
            FeedbackCategory.Bug => zh
                ? $"排查并修复：按引用复现“{label}”相关问题，查看崩溃/错误日志，定位受影响的版本和设备，修复后告知反馈用户。"
                : $"Triage and fix: reproduce the \"{label}\" reports from the quotes, check crash/error logs for the affected versions and devices, and tell the reporters when it ships.",
            FeedbackCategory.FeatureRequest => zh
                ? $"评估需求：{count} 条反馈提出“{label}”，纳入需求池评估价值与成本，确定优先级并回复用户。"
                : $"Evaluate the request: {count} items ask for \"{label}\"; size the value and cost, decide its priority on the roadmap, and reply to the requesters.",
            FeedbackCategory.Complaint => zh
                ? $"改进体验：围绕“{label}”做可用性检查，找出摩擦点并设定可衡量的改进目标。"
                : $"Fix the experience: run a usability review of \"{label}\", list the friction points, and set a measurable target for improving them.",
            FeedbackCategory.Question => zh
                ? $"补充帮助：把“{label}”相关问题的答案写进帮助文档或应用内引导；反复出现的提问说明入口不够明显。"
                : $"Answer it in the product: add the \"{label}\" answers to help docs or in-app guidance; repeated questions point to a discoverability gap.",
            FeedbackCategory.Praise => zh
                ? $"保持优势：用户认可“{label}”，后续改动注意不要破坏它，可将引用用于发布说明或营销。"
                : $"Protect what works: users value \"{label}\"; guard it in future changes and reuse the quotes in release notes or marketing.",
            _ => zh
                ? $"人工抽查：“{label}”没有明显的类别倾向，抽样阅读后再决定是否需要跟进。"
                : $"Read a sample: \"{label}\" has no dominant signal; skim it before deciding on follow-up.",
        };

        if (trend?.Direction is "rising" or "new")
        {
            action += zh ? "该主题近期占比上升，优先处理。" : " It is growing recently: prioritise it.";
        }

        int total = sentiment.Positive + sentiment.Neutral + sentiment.Negative;
        if (dominant != FeedbackCategory.Praise && total > 0 && sentiment.Negative * 2 > total)
        {
            action += zh ? "多数反馈为负面情绪。" : " Most of it is negative.";
        }

        return action;
    }
}
