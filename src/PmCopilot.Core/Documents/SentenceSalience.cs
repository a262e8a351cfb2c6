using System.Text.RegularExpressions;

namespace PmCopilot.Core.Documents;

/// <summary>
/// What makes a sentence worth quoting besides being central (Edmundson 1969: cue words, title words, location).
/// TextRank alone prefers the sentences that restate a document's main vocabulary; the facts readers look for in a
/// work document — the figure, the decision, the cause, the risk, the deadline — are often isolated sentences that
/// share little with the rest. This lifts them without letting them outrank the document's point.
/// </summary>
public static partial class SentenceSalience
{
    // Discourse cues of conclusions, decisions, causes, risks and commitments, not domain words.
    private static readonly string[] EnglishCues =
    [
        "decided", "decision", "agreed", "approved", "conclusion", "concluded", "recommend", "propose", "root cause",
        "caused by", "because of", "due to", "risk", "goal", "target", "deadline", "due by", "next step", "action item",
        "rollback", "roll back", "launch", "increased", "decreased", "reduced", "improved", "dropped", "grew",
        "result", "impact", "key finding", "we found", "in summary", "overall", "must", "blocker", "owner",
    ];

    private static readonly string[] ChineseCues =
    [
        "决定", "决策", "同意", "批准", "结论", "建议", "提议", "根因", "根本原因", "原因", "导致", "由于", "风险", "目标",
        "截止", "下一步", "待办", "回滚", "上线", "发布", "提升", "提高", "下降", "降低", "增长", "减少", "结果", "影响",
        "发现", "总结", "总体", "必须", "负责", "关键",
    ];

    /// <summary>A multiplier ≥ 1 for a sentence; <paramref name="headingTokens"/> are the title's and section's words.</summary>
    public static double Bonus(string sentence, HashSet<string> tokens, HashSet<string> headingTokens, bool leadOfSection)
    {
        var bonus = 1.0;
        if (HasFigure(sentence))
        {
            bonus += 0.3;
        }

        if (HasCue(sentence))
        {
            bonus += 0.25;
        }

        if (headingTokens.Count > 0 && tokens.Count > 0)
        {
            var shared = tokens.Count(headingTokens.Contains);
            bonus += 0.3 * Math.Min(1.0, shared / (double)Math.Min(3, headingTokens.Count));
        }

        if (leadOfSection)
        {
            bonus += 0.15;
        }

        return bonus;
    }

    /// <summary>A quantity: a percentage, an amount, a duration, a date or a number of two or more digits — not an id such as FR-2 or P0.</summary>
    public static bool HasFigure(string sentence)
    {
        foreach (Match m in Number().Matches(sentence))
        {
            var before = m.Index > 0 ? sentence[m.Index - 1] : ' ';
            if (char.IsLetter(before) || before is '-' or '§' or '#')
            {
                continue; // FR-2, P0, v2, §3
            }

            if (before is '$' or '¥' or '€' or '£')
            {
                return true;
            }

            var value = m.Value;
            var after = sentence.AsSpan(m.Index + m.Length);
            if (value.Length >= 2 || Unit().IsMatch(after.ToString()))
            {
                return true;
            }
        }

        return false;
    }

    public static bool HasCue(string sentence)
    {

        foreach (var cue in ChineseCues)
        {
            if (sentence.Contains(cue, StringComparison.Ordinal))
            {
                return true;
            }
        }

        foreach (Match m in Word().Matches(sentence))
        {
            foreach (var cue in EnglishCues)
            {
                if (string.Compare(sentence, m.Index, cue, 0, cue.Length, StringComparison.OrdinalIgnoreCase) == 0
                    && (m.Index + cue.Length == sentence.Length || !char.IsLetter(sentence[m.Index + cue.Length])))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// "Status: Final · Author: … · Date: …" above the first heading, an e-mail header or a meeting's attendee list
    /// anywhere: what the document is, not what it says.
    /// </summary>
    public static bool IsMetadataLine(string sentence, bool preamble) =>
        EmailHeader().IsMatch(sentence) || AttendeeList().IsMatch(sentence) || (preamble && MetadataField().Count(sentence) >= 2);

    // Who was there is the record of a meeting, not its content.
    [GeneratedRegex(@"(?:^|\W)(?:attendees|participants|present|absent|invitees|cc|参会人员?|与会人员?|出席人员?|列席|参与人)\s*[:：]", RegexOptions.IgnoreCase)]
    private static partial Regex AttendeeList();

    /// <summary>A line quoted from an earlier message of an e-mail thread ("> …"): the reply that quotes it is the news.</summary>
    public static bool IsQuotedReply(string sentence) => sentence.TrimStart().StartsWith('>');

    /// <summary>
    /// A breadcrumb, tag list or menu ("Wiki / Decisions / 2026", "AI · Launch · Notes"): three or more short parts
    /// between the same spaced separator, with no sentence punctuation.
    /// </summary>
    public static bool IsNavigation(string sentence)
    {
        foreach (var separator in NavigationSeparators)
        {
            if (!sentence.Contains(separator, StringComparison.Ordinal))
            {
                continue;
            }

            var parts = sentence.Split(separator);
            if (parts.Length >= 3 && parts.All(p => p.Trim().Length is > 0 and <= 24) && !sentence.AsSpan().ContainsAny(".。!！?？;；"))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] NavigationSeparators = [" / ", " · ", " | ", " > ", " » ", " › ", " • ", "·", "｜"];

    /// <summary>
    /// Speaker labels of a transcript or chat export ("Alice Chen [00:03:55]:", "张伟 10:32："): a label before a colon
    /// that starts at least three sentences, timestamps aside. Every line names its speaker, so the names would make the
    /// busiest speaker's lines look central.
    /// </summary>
    public static HashSet<string> SpeakerLabels(IReadOnlyList<string> sentences)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var sentence in sentences)
        {
            if (SpeakerKey(sentence) is { } key)
            {
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        return counts.Where(c => c.Value >= 3).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The sentence without its speaker label, when the label is one of <paramref name="speakers"/>.</summary>
    public static string WithoutSpeaker(string sentence, HashSet<string> speakers)
    {
        if (speakers.Count == 0)
        {
            return sentence;
        }

        var m = SpeakerPrefix().Match(sentence);
        return m.Success && speakers.Contains(Timestamp().Replace(m.Groups["label"].Value, " ").Trim()) ? sentence[m.Length..] : sentence;
    }

    private static string? SpeakerKey(string sentence)
    {
        var m = SpeakerPrefix().Match(sentence);
        if (!m.Success)
        {
            return null;
        }

        var key = Timestamp().Replace(m.Groups["label"].Value, " ").Trim();
        return key.Length > 0 ? key : null;
    }

    // [time] name, or name [time] / name (role), then a colon; the name itself has no colon or sentence punctuation.
    [GeneratedRegex(@"^\s*(?<label>(?:[\[(（]?\d{1,2}:\d{2}(?::\d{2})?[\])）]?\s*)?[^:：。.!?！？\n\[(（]{1,40}?(?:\s*[\[(（][^\])）\n]{0,20}[\])）])?)\s*[:：]\s*(?=\S)")]
    private static partial Regex SpeakerPrefix();

    [GeneratedRegex(@"[\[(（]?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp][Mm])?[\])）]?|[\[(（][^\])）]*[\])）]|^\s*\d{1,2}:\d{2}")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"(?:^|[\s·|•,，;；])[\p{L}][\p{L} ]{0,20}[:：]\s*\S")]
    private static partial Regex MetadataField();

    [GeneratedRegex(@"^(?:>\s*)?(?:From|To|Sent|Date)\s*:.*\b(?:To|Cc|Subject|Date)\s*:|^(?:发件人|收件人)\s*[:：]|\bSubject\s*:\s*(?:Re|Fwd?)\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex EmailHeader();

    /// <summary>A heading under which the author summarised the document themselves: quote it first.</summary>
    public static bool IsSummaryHeading(string heading) => SummaryHeading().IsMatch(heading);

    // Numbering first ("2.", "二、", "第三章"), then an English name as a whole word or a Chinese name as a prefix.
    [GeneratedRegex(@"^\W*(?:(?:\d+(?:\.\d+)*\.?|[一二三四五六七八九十]+、|第[一二三四五六七八九十\d]+[章节部分]+)\s*)?(?:(?:executive summary|summary|tl;?dr|abstract|overview|key (?:takeaways|findings|points|results|decisions)|bottom line|conclusions?|recommendations?|decisions?|highlights|at a glance)\b|摘要|概要|概述|总结|小结|结论|核心结论|主要结论|要点|核心要点|主要发现|关键发现|建议|决策|决定|总体结论)", RegexOptions.IgnoreCase)]
    private static partial Regex SummaryHeading();

    [GeneratedRegex(@"\d[\d,.]*")]
    private static partial Regex Number();

    [GeneratedRegex(@"^\s?(?:%|％|percent|pp\b|x\b|×|k\b|m\b|ms\b|s\b|sec|min|hour|day|week|month|year|万|亿|千|百|元|人|个|条|次|倍|小时|分钟|秒|天|周|月|年|点)", RegexOptions.IgnoreCase)]
    private static partial Regex Unit();

    [GeneratedRegex(@"\b[A-Za-z]")]
    private static partial Regex Word();
}
