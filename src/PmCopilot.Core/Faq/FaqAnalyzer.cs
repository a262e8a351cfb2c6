using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace PmCopilot.Core.Faq;

/// <summary>
/// One analyzer for Chinese, English and the mix of both that PMs type ("怎么用 SHAP 解释 credit scoring 模型").
/// StandardTokenizer (UAX#29) emits Han characters one by one; CJKBigramFilter joins neighbours into overlapping
/// bigrams, which needs no dictionary and matches most two-character words. Latin words are lower-cased,
/// stop-worded and Porter-stemmed. Question filler ("什么", "怎么", "how", "should") is removed on both sides so it
/// cannot make an unrelated question look covered.
/// </summary>
public sealed class FaqAnalyzer : Analyzer
{
    internal const LuceneVersion Version = LuceneVersion.LUCENE_48;

    // Bigrams produced by question phrasing rather than topic words. Kept deliberately short: each one removed
    // here can never be matched, so only chunks that carry no topic are listed.
    private static readonly string[] ChineseFiller =
    [
        "什么", "怎么", "怎样", "如何", "为什", "哪些", "可以", "我们", "你们", "一个", "这个", "那个", "是不", "不是",
        "有什", "么办", "么样", "应该", "一下", "的是", "是什", "么是", "么回", "回事", "请问", "有没", "没有", "能不",
        "不能", "要不", "还是", "或者", "以及", "就是", "还有", "么做", "需要", "时候", "的时", "么用", "为啥", "到底",
    ];

    private static readonly string[] EnglishFiller =
    [
        "what", "whats", "how", "why", "when", "where", "which", "who", "whom", "do", "does", "did", "done", "can",
        "could", "should", "would", "shall", "may", "might", "must", "we", "i", "me", "my", "our", "ours", "us", "you",
        "your", "am", "been", "being", "has", "have", "had", "having", "about", "any", "some", "so", "also", "just",
        "really", "very", "please", "tell", "mean", "means", "thing", "things", "e.g", "eg", "vs", "versus",
        "need", "needs", "want", "help", "get", "got", "go", "s", "t", "d", "ll", "re", "ve", "m", "from", "too", "its",
        "those", "other", "here", "than", "only", "own", "same", "each", "both", "few", "more", "most", "all", "between",
        "after", "before", "again", "out", "up", "down", "over", "under", "off", "once", "ever", "like", "kind", "kinds",
        "lot", "lots", "much", "many", "good", "best", "better", "way", "ways", "actually", "someone", "something",
    ];

    internal static readonly CharArraySet StopSet = BuildStopSet();

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(Version, reader);
        TokenStream stream = new CJKWidthFilter(source);
        stream = new LowerCaseFilter(Version, stream);
        stream = new CJKBigramFilter(stream, CJKScript.HAN, outputUnigrams: false);
        stream = new EnglishPossessiveFilter(Version, stream);
        stream = new StopFilter(Version, stream, StopSet);
        stream = new PorterStemFilter(stream);
        return new TokenStreamComponents(source, stream);
    }

    /// <summary>The terms this analyzer makes of <paramref name="text"/>, in order (duplicates kept).</summary>
    public IReadOnlyList<string> Terms(string text, string field = FaqSearchIndex.AnswerField)
    {
        var terms = new List<string>();
        using var stream = GetTokenStream(field, new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(term.ToString());
        }

        stream.End();
        return terms;
    }

    private static CharArraySet BuildStopSet()
    {
        var set = new CharArraySet(Version, 256, ignoreCase: true);
        foreach (var word in EnglishAnalyzer.DefaultStopSet)
        {
            set.Add(word);
        }

        foreach (var word in EnglishFiller.Concat(ChineseFiller))
        {
            set.Add(word);
        }

        return set.AsReadOnly();
    }
}
