using PmCopilot.Core.Faq;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Tests.Faq;

public class UncoveredTopicsTests
{
    private static FaqKnowledgeBase Kb(string answer) => FaqKnowledgeBase.Parse($$"""
        { "entries": [ { "id": "faq.one", "seeds": ["s"], "title": { "zh": "什么是大模型？", "en": "What is a large model?" },
          "aliases": { "zh": ["大模型"], "en": ["large model"] }, "answer": { "zh": "{{answer}}", "en": "A model." }, "related": [] } ] }
        """);

    [Fact]
    public void A_concept_the_knowledge_base_never_mentions_is_found_in_either_language()
    {
        var topics = new UncoveredTopics(Kb("大模型是参数很多的模型。"));
        Assert.Equal("hallucination", topics.Find("大模型的幻觉是什么？")?.En);
        Assert.Equal("幻觉", topics.Find("Why do LLMs hallucinate?")?.Zh);
        Assert.Equal("retrieval-augmented generation (RAG)", topics.Find("Is RAG better than fine-tuning?")?.En);
        Assert.Null(topics.Find("大模型需要多少数据？"));
    }

    [Fact]
    public void A_concept_the_knowledge_base_explains_is_not_uncovered()
    {
        var topics = new UncoveredTopics(Kb("模型有时会产生幻觉，即编造事实。"));
        Assert.Null(topics.Find("大模型的幻觉怎么降低？"));
        Assert.DoesNotContain(topics.Names, n => n.En == "hallucination");
    }

    [Theory]
    [InlineData("Our storage costs are ragged this quarter")]
    [InlineData("The agenda for the agentless rollout")]
    [InlineData("Promptly ship the model")]
    public void Latin_forms_match_whole_words_only(string question) =>
        Assert.Null(new UncoveredTopics(Kb("x")).Find(question));

    [Fact]
    public async Task The_refusal_names_the_uncovered_concept_in_the_users_language()
    {
        var service = new FaqService(FaqRetriever.Default);
        var zh = await service.AnswerAsync(new FaqRequest("大模型的幻觉是什么？怎么降低？"), null, null, null, TestContext.Current.CancellationToken);
        Assert.False(zh.InScope);
        Assert.Contains("幻觉", zh.Answer, StringComparison.Ordinal);
        var en = await service.AnswerAsync(new FaqRequest("What is retrieval-augmented generation and when should we use it?"), null, null, null, TestContext.Current.CancellationToken);
        Assert.False(en.InScope);
        Assert.Contains("retrieval-augmented generation (RAG)", en.Answer, StringComparison.Ordinal);
    }
}
