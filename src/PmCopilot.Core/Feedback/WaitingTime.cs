namespace PmCopilot.Core.Feedback;

/// <summary>
/// "Takes 12 seconds to load", "took our admin three days", "审核了一周还没通过": a stated wait is a complaint about
/// speed even when no complaint word is used. A wait verb, then an amount, then a unit of time — unless the amount is
/// praised as small ("only took 2 minutes", "不到一分钟").
/// </summary>
internal static class WaitingTime
{
    private const int Reach = 5;

    private static readonly HashSet<string> WaitVerbs = Stemmed(
    [
        "take", "took", "taking", "wait", "waited", "waiting", "spent", "spend", "spending", "lost", "wasted", "after", "over",
        "了", "等", "要", "花", "用了", "耗",
    ]);

    private static readonly HashSet<string> SmallAmount = Stemmed(
    [
        "only", "just", "under", "less", "few", "within", "in", "不到", "只", "仅", "才", "就",
    ]);

    private static readonly HashSet<string> Amounts = Stemmed(
    [
        "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "fifteen",
        "twenty", "thirty", "several", "couple", "many", "whole", "entire", "full",
        "一", "二", "两", "三", "四", "五", "六", "七", "八", "九", "十", "几", "半", "整", "好", "多",
    ]);

    private static readonly HashSet<string> Units = Stemmed(
    [
        "second", "sec", "minute", "min", "hour", "hr", "day", "week", "month", "afternoon", "morning", "evening",
        "秒", "分", "钟", "时", "天", "周", "星", "月", "礼",
    ]);

    public static bool Mentions(List<FeedbackToken> tokens)
    {
        for (int i = 0; i < tokens.Count; i++)
        {
            if (!Units.Contains(tokens[i].Text) || !AmountBefore(tokens, i))
            {
                continue;
            }

            for (int j = i - 1; j >= Math.Max(0, i - Reach) && tokens[j].Kind != TokenKind.Boundary; j--)
            {
                if (SmallAmount.Contains(tokens[j].Text) || (j > 0 && SmallAmount.Contains(tokens[j - 1].Text + tokens[j].Text)))
                {
                    break;
                }

                if (WaitVerbs.Contains(tokens[j].Text) || (j > 0 && WaitVerbs.Contains(tokens[j - 1].Text + tokens[j].Text)))
                {
                    // "only took", "just took": the amount is praised as small.
                    var praisedAsShort = Enumerable.Range(Math.Max(0, j - 2), j - Math.Max(0, j - 2)).Any(k => SmallAmount.Contains(tokens[k].Text));
                    if (!praisedAsShort)
                    {
                        return true;
                    }

                    break;
                }
            }
        }

        return false;
    }

    private static bool AmountBefore(List<FeedbackToken> tokens, int unit)
    {
        for (int j = unit - 1; j >= Math.Max(0, unit - 3); j--)
        {
            if (tokens[j].Kind == TokenKind.Number || Amounts.Contains(tokens[j].Text))
            {
                return true;
            }
        }

        return false;
    }

    // Tokens carry the tokenizer's stems ("takes" → "tak", "minutes" → "minut"), so the word lists are stemmed the same way.
    private static HashSet<string> Stemmed(string[] words) =>
        new(words.Select(w => w.All(char.IsAsciiLetter) ? FeedbackTokenizer.Stem(w) : w), StringComparer.Ordinal);
}
