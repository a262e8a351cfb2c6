using PmCopilot.Core.Faq;

namespace PmCopilot.Core.Tests.Faq;

public class FaqAnalyzerTests
{
    private static readonly FaqAnalyzer Analyzer = new();

    [Fact]
    public void Chinese_becomes_overlapping_bigrams_without_filler()
    {
        var terms = Analyzer.Terms("什么是过拟合？");
        Assert.Contains("过拟", terms);
        Assert.Contains("拟合", terms);
        Assert.DoesNotContain("什么", terms);
        Assert.All(terms, t => Assert.Equal(2, t.Length));
    }

    [Fact]
    public void English_is_lowercased_stemmed_and_stopworded() =>
        Assert.Equal(["stop", "overfit", "model"], Analyzer.Terms("How do I stop Overfitting the models?"));

    [Fact]
    public void Mixed_text_keeps_both_scripts()
    {
        var terms = Analyzer.Terms("用 SHAP 解释 credit scoring 模型");
        Assert.Contains("shap", terms);
        Assert.Contains("解释", terms);
        Assert.Contains("credit", terms);
        Assert.Contains("score", terms);
        Assert.Contains("模型", terms);
    }

    [Fact]
    public void Fullwidth_latin_is_normalized() =>
        Assert.Contains("gpu", Analyzer.Terms("ＧＰＵ 需要多少"));
}
