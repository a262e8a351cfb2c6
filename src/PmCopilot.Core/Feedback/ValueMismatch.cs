namespace PmCopilot.Core.Feedback;

/// <summary>
/// "The watch says 12,000 steps, the app only 7,000", "Price says €6.99, Apple charged €9.99", "游泳记录在手表上是1500米，
/// 同步之后变成0米": a bug told as two values that should agree and do not, without any bug word. Two numbers, a verb of
/// showing or recording, and a word that sets one value against the other.
/// </summary>
internal static class ValueMismatch
{
    private static readonly HashSet<string> Showing = Stemmed(
    [
        "show", "shows", "showed", "says", "said", "display", "displays", "reads", "read", "record", "records", "recorded",
        "count", "counts", "counted", "charged", "logged", "synced",
        "显", "示", "记", "录", "扣", "算", "计",
    ]);

    private static readonly HashSet<string> Against = Stemmed(
    [
        "but", "only", "instead", "whereas", "while", "vs", "versus", "yet",
        "只", "却", "变", "但", "而", "才",
    ]);

    public static bool Mentions(List<FeedbackToken> tokens)
    {
        int numbers = 0;
        bool showing = false, against = false;
        foreach (var token in tokens)
        {
            if (token.Kind == TokenKind.Number)
            {
                numbers++;
            }
            else if (Showing.Contains(token.Text))
            {
                showing = true;
            }
            else if (Against.Contains(token.Text))
            {
                against = true;
            }
        }

        return numbers >= 2 && showing && against;
    }

    // Tokens carry the tokenizer's stems, so the lists are stemmed the same way.
    private static HashSet<string> Stemmed(string[] words) =>
        new(words.Select(w => w.All(char.IsAsciiLetter) ? FeedbackTokenizer.Stem(w) : w), StringComparer.Ordinal);
}
