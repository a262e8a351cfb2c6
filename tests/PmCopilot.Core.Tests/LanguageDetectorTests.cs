using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Tests;

public class LanguageDetectorTests
{
    [Theory]
    [InlineData("什么是大模型？", AnswerLanguage.Zh)]
    [InlineData("What is a large language model?", AnswerLanguage.En)]
    [InlineData("如何评估 model 的 F1 score", AnswerLanguage.Zh)]
    [InlineData("How do I use 联邦学习 for privacy in our banking app?", AnswerLanguage.En)]
    [InlineData("", AnswerLanguage.En)]
    public void Detects_language_by_script(string text, AnswerLanguage expected) =>
        Assert.Equal(expected, LanguageDetector.Detect(text));

    [Fact]
    public void Explicit_language_wins_over_detection() =>
        Assert.Equal(AnswerLanguage.En, LanguageDetector.Resolve(AnswerLanguage.En, "什么是大模型？"));
}
