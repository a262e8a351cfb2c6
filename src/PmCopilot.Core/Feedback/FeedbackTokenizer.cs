using System.Text;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Feedback;

internal enum TokenKind : byte
{
    Word,
    Number,
    Cjk,
    Emoji,
    Boundary,
}

/// <summary>A lexical token: a stemmed lower-case word, one ideograph, one emoji, or a boundary (sentence punctuation).</summary>
internal readonly record struct FeedbackToken(string Text, TokenKind Kind, string Surface);

/// <summary>
/// Splits feedback into tokens the rules and the theme features share. English words are lower-cased and lightly
/// stemmed ("crashes", "crashed", "crashing" → "crash") so one rule covers the forms; Chinese is one token per
/// ideograph, so rules are ideograph sequences and themes use ideograph bigrams.
/// </summary>
internal static class FeedbackTokenizer
{
    private static readonly string[] CjkStrings = BuildCjkStrings();

    public static List<FeedbackToken> Tokenize(string text)
    {
        var tokens = new List<FeedbackToken>(text.Length / 4 + 4);
        var word = new StringBuilder();
        int i = 0;
        while (i < text.Length)
        {
            char ch = text[i];
            if (char.IsLetterOrDigit(ch) && !LanguageDetector.IsCjk(ch) && !IsOtherScript(ch))
            {
                int start = i;
                word.Clear();
                while (i < text.Length)
                {
                    char c = text[i];
                    if (c is '\'' or '’' && i + 1 < text.Length && char.IsLetter(text[i + 1]) && word.Length > 0)
                    {
                        word.Append('\'');
                        i++;
                        continue;
                    }

                    if (!char.IsLetterOrDigit(c) || LanguageDetector.IsCjk(c) || IsOtherScript(c))
                    {
                        break;
                    }

                    word.Append(char.ToLowerInvariant(c));
                    i++;
                }

                var surface = word.ToString();
                bool number = surface.All(char.IsAsciiDigit);
                tokens.Add(new FeedbackToken(number ? surface : Stem(surface), number ? TokenKind.Number : TokenKind.Word, surface));
                continue;
            }

            if (LanguageDetector.IsCjk(ch))
            {
                var s = CjkStrings[ch - 0x3400];
                tokens.Add(new FeedbackToken(s, TokenKind.Cjk, s));
                i++;
                continue;
            }

            if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var s = text.Substring(i, 2);
                tokens.Add(new FeedbackToken(s, TokenKind.Emoji, s));
                i += 2;
                continue;
            }

            switch (ch)
            {
                case '.' or '!' or '?' or ',' or ';' or ':' or '。' or '！' or '？' or '，' or '；' or '：' or '、' or '~' or '～' or '…' or '\n':
                    var b = ch switch { '？' => "?", '！' => "!", '。' => ".", '，' or '、' => ",", _ => ch.ToString() };
                    tokens.Add(new FeedbackToken(b, TokenKind.Boundary, b));
                    break;
                case var symbol when char.GetUnicodeCategory(symbol) == System.Globalization.UnicodeCategory.OtherSymbol:
                    tokens.Add(new FeedbackToken(symbol.ToString(), TokenKind.Emoji, symbol.ToString()));
                    break;
            }

            i++;
        }

        return tokens;
    }

    private static bool IsOtherScript(char ch) => ch >= '\u3000' && ch < '\uA000';

    /// <summary>A light suffix stripper: enough to merge inflections, applied the same way to rules and text.</summary>
    public static string Stem(string word)
    {
        if (KeepAsIs.Contains(word))
        {
            return word;
        }

        if (word.Length <= 3 || word.Contains('\''))
        {
            return word.EndsWith("'s", StringComparison.Ordinal) && word.Length > 3 ? word[..^2] : word;
        }

        string w = word;
        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 4)
        {
            w = w[..^3] + "y";
        }
        else if (w.EndsWith("sses", StringComparison.Ordinal))
        {
            w = w[..^2];
        }
        else if (w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal) && !w.EndsWith("is", StringComparison.Ordinal))
        {
            w = w[..^1];
        }

        if (w.EndsWith("ing", StringComparison.Ordinal) && w.Length > 5)
        {
            w = Undouble(w[..^3]);
        }
        else if (w.EndsWith("ed", StringComparison.Ordinal) && w.Length > 4)
        {
            w = Undouble(w[..^2]);
        }

        if (w.EndsWith('e') && w.Length > 3)
        {
            w = w[..^1];
        }

        return w;
    }

    // Tense matters here: "fixed my issue" is praise, "please fix" a bug report; "pleased" is not "please".
    private static readonly HashSet<string> KeepAsIs = new(StringComparer.Ordinal) { "fixed", "resolved", "solved", "pleased", "news", "series", "always", "sometimes" };

    // "adding" → "add", not "ad": "ad" is the stem of "ads".
    private static string Undouble(string w) =>
        w.Length > 3 && w[^1] == w[^2] && w[^1] is not ('l' or 's' or 'z') ? w[..^1] : w;

    private static string[] BuildCjkStrings()
    {
        var strings = new string[0xFB00 - 0x3400];
        for (int i = 0; i < strings.Length; i++)
        {
            strings[i] = ((char)(0x3400 + i)).ToString();
        }

        return strings;
    }
}
