using System.Globalization;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Feedback;

/// <summary>The roles a column of a feedback table can play.</summary>
public enum FeedbackField
{
    Text,
    Date,
    Rating,
    Id,
    Source,
}

/// <summary>The columns the loader read each field from (header names, or "column N" without a header).</summary>
public sealed record FeedbackColumnsUsed(string Text, string? Date, string? Rating, string? Id, string? Source);

/// <summary>
/// Finds which column holds the feedback text, date, rating, id and source: first by header names in English
/// and Chinese (the last word of a header is its head noun: "review_date" is a date, "nps_comment" a comment),
/// then by what the values look like when headers are missing or unhelpful.
/// </summary>
internal static class FeedbackColumnDetector
{
    private static readonly Dictionary<FeedbackField, string[]> Keywords = new()
    {
        [FeedbackField.Text] =
        [
            "feedback", "comment", "comments", "review", "reviews", "text", "content", "body", "message", "description",
            "verbatim", "response", "answer", "remark", "remarks", "note", "notes", "suggestion", "suggestions", "opinion",
            "reason", "details", "detail", "issue", "summary", "subject", "complaint", "input", "words",
            "内容", "评论", "反馈", "评价", "意见", "留言", "描述", "建议", "回复", "正文", "问题", "原因", "心得", "说明",
        ],
        [FeedbackField.Date] =
        [
            "date", "time", "created", "createdat", "timestamp", "submitted", "submittedat", "datetime", "day", "when",
            "updated", "posted", "month", "week",
            "日期", "时间", "提交时间", "创建时间", "发布时间", "时刻",
        ],
        [FeedbackField.Rating] =
        [
            "rating", "score", "stars", "star", "nps", "grade", "rate", "satisfaction", "csat",
            "评分", "分数", "星级", "打分", "满意度", "评级", "得分", "星",
        ],
        [FeedbackField.Id] =
        [
            "id", "key", "number", "no", "num", "#", "ref", "reference", "uuid", "guid", "ticket",
            "编号", "序号", "工单号", "单号", "号",
        ],
        [FeedbackField.Source] =
        [
            "source", "channel", "platform", "store", "origin", "medium", "via", "app", "os", "device",
            "渠道", "来源", "平台", "应用商店", "设备",
        ],
    };

    private static readonly FeedbackField[] SpecificFirst = [FeedbackField.Date, FeedbackField.Rating, FeedbackField.Id, FeedbackField.Source, FeedbackField.Text];

    /// <summary>How strongly a header names a field: 3 exact, 2.6 head noun (last word), 2 contained, 0 not at all.</summary>
    public static double HeaderScore(string header, FeedbackField field)
    {
        var normalized = Normalize(header);
        if (normalized.Length == 0)
        {
            return 0;
        }

        var words = SplitWords(header);
        double best = 0;
        foreach (var keyword in Keywords[field])
        {
            if (normalized == keyword)
            {
                return 3;
            }

            bool cjk = LanguageDetector.IsCjk(keyword[0]);
            if (words.Count > 1 && words[^1] == keyword)
            {
                best = Math.Max(best, 2.6);
            }
            else if (cjk && normalized.EndsWith(keyword, StringComparison.Ordinal))
            {
                best = Math.Max(best, keyword.Length >= 2 ? 2.6 : 2.2);
            }
            else if ((cjk || keyword.Length >= 4) && normalized.Contains(keyword, StringComparison.Ordinal))
            {
                best = Math.Max(best, 2);
            }
            else if (words.Contains(keyword))
            {
                best = Math.Max(best, 2);
            }
        }

        return best;
    }

    public static bool LooksLikeHeader(IReadOnlyList<string> first, IReadOnlyList<string[]> rest)
    {
        foreach (var cell in first)
        {
            foreach (var field in SpecificFirst)
            {
                if (HeaderScore(cell, field) >= 2.6)
                {
                    return true;
                }
            }
        }

        if (first.Count < 2 || rest.Count == 0)
        {
            return false;
        }

        // No known names: a header is short labels over values of another kind (numbers, dates, long text).
        int differs = 0;
        for (int c = 0; c < first.Count; c++)
        {
            var cell = first[c].Trim();
            if (cell.Length == 0 || cell.Length > 40 || IsNumber(cell) || FeedbackValueParser.TryParseDate(cell, out _))
            {
                return false;
            }

            var values = rest.Take(50).Select(r => c < r.Length ? r[c].Trim() : string.Empty).Where(v => v.Length > 0).ToList();
            if (values.Count == 0)
            {
                continue;
            }

            double numeric = values.Count(IsNumber) / (double)values.Count;
            double dates = values.Count(v => FeedbackValueParser.TryParseDate(v, out _)) / (double)values.Count;
            double avgLength = values.Average(v => v.Length);
            if (numeric > 0.8 || dates > 0.8 || avgLength > cell.Length * 3)
            {
                differs++;
            }
        }

        return differs * 2 >= first.Count;
    }

    /// <summary>Resolves every field to a column index (or -1). Overrides must exist; detection fills the rest.</summary>
    public static int[] Resolve(IReadOnlyList<string> headers, bool hasHeader, IReadOnlyList<string[]> sample, FeedbackColumns? overrides)
    {
        var fields = Enum.GetValues<FeedbackField>();
        var chosen = new int[fields.Length];
        Array.Fill(chosen, -1);
        var taken = new HashSet<int>();

        foreach (var field in fields)
        {
            var name = OverrideFor(overrides, field);
            if (name is null)
            {
                continue;
            }

            int index = FindColumn(headers, name);
            if (index < 0)
            {
                var available = string.Join(", ", headers.Select((h, i) => hasHeader ? $"\"{h}\"" : $"{i + 1}"));
                throw new JobInputException($"The {field.ToString().ToLowerInvariant()} column \"{name}\" is not in the input. Columns found: {available}. Name a column by its header or its 1-based number.");
            }

            chosen[(int)field] = index;
            taken.Add(index);
        }

        var stats = headers.Select((_, i) => ColumnStats.Of(sample, i)).ToArray();

        if (hasHeader)
        {
            // Strongest header match first; specific roles win ties so "review_date" is a date, not text.
            // Two text columns named equally well ("subject" and "description"): the longer text is the feedback.
            var candidates = new List<(double Score, int Order, FeedbackField Field, int Column)>();
            foreach (var field in fields)
            {
                if (chosen[(int)field] >= 0)
                {
                    continue;
                }

                for (int c = 0; c < headers.Count; c++)
                {
                    double score = HeaderScore(headers[c], field);
                    if (score > 0 && Plausible(field, stats[c]))
                    {
                        candidates.Add((score, Array.IndexOf(SpecificFirst, field), field, c));
                    }
                }
            }

            foreach (var (_, _, field, column) in candidates.OrderByDescending(x => x.Score).ThenBy(x => x.Order)
                .ThenByDescending(x => x.Field == FeedbackField.Text ? stats[x.Column].AverageLength : 0).ThenBy(x => x.Column))
            {
                if (chosen[(int)field] < 0 && !taken.Contains(column))
                {
                    chosen[(int)field] = column;
                    taken.Add(column);
                }
            }
        }

        DetectByContent(chosen, taken, stats);

        if (chosen[(int)FeedbackField.Text] < 0)
        {
            throw new JobInputException("No column of the input holds feedback text (all columns are empty, numbers or dates). Name the text column explicitly (--text-column).");
        }

        return chosen;
    }

    private static void DetectByContent(int[] chosen, HashSet<int> taken, ColumnStats[] stats)
    {
        int free(Func<ColumnStats, bool> predicate, Func<ColumnStats, double> rank) =>
            stats.Select((s, i) => (s, i)).Where(x => !taken.Contains(x.i) && predicate(x.s)).OrderByDescending(x => rank(x.s)).Select(x => x.i).DefaultIfEmpty(-1).First();

        void take(FeedbackField field, int column)
        {
            if (column >= 0)
            {
                chosen[(int)field] = column;
                taken.Add(column);
            }
        }

        if (chosen[(int)FeedbackField.Text] < 0)
        {
            take(FeedbackField.Text, free(s => s.TextShare > 0.5 && s.AverageLength >= 3, s => s.AverageLength * s.TextShare));
        }

        if (chosen[(int)FeedbackField.Date] < 0)
        {
            take(FeedbackField.Date, free(s => s.DateShare >= 0.8 && s.NumberShare < 0.5, s => s.DateShare));
        }

        if (chosen[(int)FeedbackField.Rating] < 0)
        {
            take(FeedbackField.Rating, free(s => s.RatingShare >= 0.9 && s.Distinct <= 11 && s.NonEmpty >= 3, s => s.RatingShare));
        }
    }

    private static bool Plausible(FeedbackField field, ColumnStats stats) => field switch
    {
        FeedbackField.Text => stats.NonEmpty == 0 || stats.TextShare > 0.3,
        FeedbackField.Date => stats.NonEmpty == 0 || stats.DateShare >= 0.5,
        FeedbackField.Rating => stats.NonEmpty == 0 || stats.RatingShare >= 0.5,
        FeedbackField.Source => stats.NonEmpty == 0 || stats.AverageLength <= 40,
        _ => true,
    };

    private static string? OverrideFor(FeedbackColumns? overrides, FeedbackField field) => overrides is null ? null : field switch
    {
        FeedbackField.Text => overrides.TextColumn,
        FeedbackField.Date => overrides.DateColumn,
        FeedbackField.Rating => overrides.RatingColumn,
        FeedbackField.Id => overrides.IdColumn,
        _ => overrides.SourceColumn,
    };

    private static int FindColumn(IReadOnlyList<string> headers, string name)
    {
        for (int i = 0; i < headers.Count; i++)
        {
            if (string.Equals(headers[i].Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        var normalized = Normalize(name);
        for (int i = 0; i < headers.Count; i++)
        {
            if (Normalize(headers[i]) == normalized)
            {
                return i;
            }
        }

        return int.TryParse(name.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number >= 1 && number <= headers.Count ? number - 1 : -1;
    }

    private static string Normalize(string header)
    {
        var chars = header.Trim().ToLowerInvariant().Where(ch => ch != ' ' && ch != '_' && ch != '-' && ch != '.' && ch != '"' && ch != '\uFEFF');
        return new string(chars.ToArray());
    }

    private static List<string> SplitWords(string header)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        char previous = '\0';
        foreach (var ch in header.Trim())
        {
            bool boundary = !char.IsLetterOrDigit(ch) || (char.IsUpper(ch) && char.IsLower(previous));
            if (boundary && current.Length > 0)
            {
                words.Add(current.ToString().ToLowerInvariant());
                current.Clear();
            }

            if (char.IsLetterOrDigit(ch) || ch == '#')
            {
                current.Append(ch);
            }

            previous = ch;
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString().ToLowerInvariant());
        }

        return words;
    }

    internal static bool IsNumber(string value) =>
        double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private sealed record ColumnStats(int NonEmpty, double AverageLength, double TextShare, double NumberShare, double DateShare, double RatingShare, int Distinct)
    {
        public static ColumnStats Of(IReadOnlyList<string[]> rows, int column)
        {
            var values = rows.Select(r => column < r.Length ? r[column].Trim() : string.Empty).Where(v => v.Length > 0).ToList();
            if (values.Count == 0)
            {
                return new ColumnStats(0, 0, 0, 0, 0, 0, 0);
            }

            double n = values.Count;
            int numbers = values.Count(IsNumber);
            int dates = values.Count(v => !IsNumber(v) && FeedbackValueParser.TryParseDate(v, out _));
            int ratings = values.Count(v => FeedbackValueParser.TryParseRating(v, out double r) && r >= 0 && r <= 10);
            int text = values.Count(v => v.Any(char.IsLetter) && !FeedbackValueParser.TryParseDate(v, out _));
            return new ColumnStats(values.Count, values.Average(v => v.Length), text / n, numbers / n, dates / n, ratings / n, values.Distinct(StringComparer.Ordinal).Count());
        }
    }
}
