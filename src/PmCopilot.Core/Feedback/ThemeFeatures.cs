namespace PmCopilot.Core.Feedback;

/// <summary>
/// The words a theme is made of: English stems (and adjacent stem pairs, so "dark mode" is one feature) without
/// stop words, Chinese ideograph bigrams without function characters. Feeling words ("great", "好用") are kept
/// but weigh little: themes should be about what people talk about, not how they feel.
/// </summary>
internal static class ThemeFeatures
{
    public const float GenericWeight = 0.3f;

    /// <summary>A shared topic counts more than any one word about it.</summary>
    public const float ConceptWeight = 2.5f;

    private static readonly HashSet<string> EnglishStop = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "if", "then", "else", "of", "to", "in", "on", "at", "by", "for", "with", "from", "into", "onto",
        "about", "as", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "done", "doing", "have", "has", "had",
        "having", "i", "me", "my", "mine", "myself", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "it", "it's", "its",
        "they", "them", "their", "this", "that", "these", "those", "there", "here", "what", "which", "who", "whom", "when", "where", "why",
        "how", "all", "any", "both", "each", "few", "more", "most", "other", "some", "such", "only", "own", "same", "so", "than", "too",
        "very", "can", "will", "just", "should", "would", "could", "now", "also", "get", "got", "even", "still", "really", "much", "many",
        "one", "thing", "things", "app", "application", "use", "using", "used", "like", "make", "made", "way", "lot", "please", "pls",
        "i'm", "i've", "i'd", "i'll", "you're", "don't", "doesn't", "didn't", "can't", "cannot", "won't", "isn't", "wasn't", "aren't",
        "not", "no", "yes", "ok", "okay", "every", "after", "before", "again", "since", "because", "while", "just", "out", "up", "down",
        "over", "off", "need", "want", "time", "day", "days", "go", "going", "know", "think", "try", "tried", "seem", "seems", "anything",
        "something", "everything", "nothing", "anyone", "someone", "always", "never", "ever", "keep", "keeps", "able", "let", "see", "new",
        "via", "per", "etc", "im", "ive", "dont", "cant", "wont", "doesnt", "didnt", "feel", "feels", "felt", "look", "looks", "take", "takes",
        "give", "come", "say", "said", "tell", "ask", "put", "two", "three", "four", "five", "ten", "first", "last", "hour", "hours", "minute",
        "minutes", "today", "yesterday", "week", "weeks", "month", "months", "year", "years", "anymore", "ago", "bit", "little", "well", "back",
        "already", "yet", "another", "next", "right", "sure", "actually", "literally", "basically", "guys", "hi", "hello", "thing", "stuff",
        "i", "every", "single", "whole", "works", "work", "working",
        "meanwhile", "however", "though", "although", "otherwise", "instead", "anyway", "anyways", "maybe", "perhaps",
        "probably", "definitely", "honestly", "seriously", "totally", "completely", "simply", "finally", "currently",
        "recently", "usually", "sometimes", "often", "almost", "around", "within", "without", "through", "during", "until",
        "whether", "thanks", "thank", "folks", "lol", "btw", "pls", "plz", "asap",
    };

    private static readonly HashSet<char> ChineseStop =
    [
        '的', '了', '吗', '呢', '吧', '啊', '呀', '我', '你', '他', '她', '它', '们', '这', '那', '是', '就', '都', '也', '还', '很', '在', '和',
        '个', '一', '么', '得', '着', '过', '把', '被', '让', '给', '又', '才', '会', '要', '能', '可', '以', '有', '没', '不', '太', '真', '再',
        '就', '只', '点', '些', '啦', '嘛', '哦', '哈', '地', '自', '己', '上', '下', '里', '中', '后', '前', '时', '候', '但', '而', '且', '或',
    ];

    private static readonly HashSet<string> StemmedStop = new(EnglishStop.Select(FeedbackTokenizer.Stem), StringComparer.Ordinal);

    /// <summary>Features of one item as (term, weight); a term repeats when it occurs again.</summary>
    public static List<(string Term, float Weight)> Extract(List<FeedbackToken> tokens)
    {
        var features = new List<(string, float)>(tokens.Count);
        var lexicon = FeedbackLexicon.Instance;
        var concepts = ThemeConcepts.Instance;
        string? previousWord = null;
        int conceptEnd = 0;
        for (int i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (i >= conceptEnd && token.Kind is TokenKind.Word or TokenKind.Cjk)
            {
                var (concept, length) = concepts.Match(tokens, i);
                if (concept is not null)
                {
                    features.Add((concept, ConceptWeight));
                    conceptEnd = i + length;
                }
            }

            switch (token.Kind)
            {
                case TokenKind.Word:
                    if (token.Text.Length < 2 || EnglishStop.Contains(token.Surface) || StemmedStop.Contains(token.Text))
                    {
                        previousWord = null;
                        break;
                    }

                    float weight = lexicon.IsGeneric(token.Text) ? GenericWeight : 1f;
                    features.Add((token.Text, weight));
                    if (previousWord is not null)
                    {
                        features.Add((previousWord + " " + token.Text, weight));
                    }

                    previousWord = token.Text;
                    break;
                case TokenKind.Cjk:
                    previousWord = null;
                    if (i + 1 < tokens.Count && tokens[i + 1].Kind == TokenKind.Cjk)
                    {
                        char a = token.Text[0], b = tokens[i + 1].Text[0];
                        if (!ChineseStop.Contains(a) && !ChineseStop.Contains(b))
                        {
                            var bigram = string.Concat(token.Text, tokens[i + 1].Text);
                            features.Add((bigram, IsGenericChinese(bigram) ? GenericWeight : 1f));
                        }
                    }

                    break;
                default:
                    previousWord = null;
                    break;
            }
        }

        return features;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> GenericChinese = new(StringComparer.Ordinal);

    private static bool IsGenericChinese(string bigram) => GenericChinese.GetOrAdd(bigram, IsGenericChineseUncached);

    private static bool IsGenericChineseUncached(string bigram)
    {
        var tokens = FeedbackTokenizer.Tokenize(bigram);
        var entry = FeedbackLexicon.Instance.Match(tokens, 0);
        return entry is { Generic: true, Length: 2 } || bigram is "软件" or "应用" or "用户" or "使用" or "感觉" or "东西" or "一下" or "非常" or "特别" or "真的" or "已经" or "现在" or "每次" or "一直" or "总是" or "经常";
    }
}
