using System.Diagnostics;
using PmCopilot.Core.Faq;

namespace PmCopilot.Core.Tests.Faq;

public class FaqRetrieverTests
{
    private static readonly FaqRetriever Retriever = FaqRetriever.Default;

    [Theory]
    [InlineData("如何处理类别不平衡？", "faq.class-imbalance")]
    [InlineData("How do I handle class imbalance?", "faq.class-imbalance")]
    [InlineData("什么是联邦学习和差分隐私", "faq.data-privacy")]
    [InlineData("ROC AUC and Kappa for evaluating a classifier", "faq.model-evaluation")]
    public void Finds_the_entry_in_either_language(string question, string expected)
    {
        var result = Retriever.Search(question);
        Assert.True(result.InScope);
        Assert.Equal(expected, result.Hits[0].Entry.Id);
    }

    [Theory]
    [InlineData("how to prevent overfitign", "faq.overfitting")]
    [InlineData("imblanced clases in fraud data", "faq.class-imbalance")]
    [InlineData("quantizaton and prunning", "faq.model-compression")]
    public void Corrects_english_typos_against_the_index_vocabulary(string question, string expected)
    {
        var result = Retriever.Search(question);
        Assert.True(result.InScope, string.Join(" ", result.Terms));
        Assert.Equal(expected, result.Hits[0].Entry.Id);
        Assert.Contains(result.Terms, t => t.Contains('→', StringComparison.Ordinal));
    }

    [Fact]
    public void Short_words_are_not_corrected_into_other_words()
    {
        var result = Retriever.Search("recommend a movie");
        Assert.Contains("movi?", result.Terms);
    }

    [Theory]
    [InlineData("明天上海下雨吗")]
    [InlineData("How do I make pancakes fluffy?")]
    [InlineData("")]
    [InlineData("？？？！！")]
    public void Unrelated_questions_are_out_of_scope(string question)
    {
        var result = Retriever.Search(question);
        Assert.False(result.InScope);
        Assert.InRange(result.Confidence, 0, Retriever.Options.InScopeThreshold);
    }

    [Fact]
    public void Scores_are_normalized()
    {
        var result = Retriever.Search("overfitting and regularization with dropout");
        Assert.All(result.Hits, h => Assert.InRange(h.Score, 0, 1));
        Assert.InRange(result.Confidence, 0, 1);
    }

    [Fact]
    public void A_megabyte_question_is_cut_and_answered_quickly()
    {
        var huge = string.Concat(Enumerable.Repeat("how to prevent overfitting 过拟合 ", 40_000));
        Assert.True(huge.Length > 1_000_000);
        var watch = Stopwatch.StartNew();
        var result = Retriever.Search(huge);
        watch.Stop();
        Assert.True(result.Truncated);
        Assert.Equal(Retriever.Options.MaxQuestionChars, result.SearchedText.Length);
        Assert.Equal("faq.overfitting", result.Hits[0].Entry.Id);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), watch.Elapsed.ToString());
    }

    [Fact]
    public void Many_distinct_words_stay_under_the_clause_limit()
    {
        var words = string.Join(" ", Enumerable.Range(0, 3000).Select(i => "word" + i.ToString("x", System.Globalization.CultureInfo.InvariantCulture)));
        var result = Retriever.Search(words + " overfitting");
        Assert.True(result.Terms.Count <= Retriever.Options.MaxQueryTerms);
    }

    [Fact]
    public void Concurrent_first_use_builds_one_index_and_agrees()
    {
        var fresh = new FaqRetriever(FaqKnowledgeBase.Embedded);
        var questions = new[] { "过拟合怎么办", "deploy a model", "数据隐私", "business model for AI" };
        var results = new FaqSearchResult[64];
        Parallel.For(0, results.Length, i => results[i] = fresh.Search(questions[i % questions.Length]));
        for (int i = 0; i < results.Length; i++)
        {
            Assert.Equal(results[i % questions.Length].Hits[0].Entry.Id, results[i].Hits[0].Entry.Id);
        }
    }

    [Fact]
    public async Task Embeddings_are_fused_with_keyword_ranking()
    {
        var kb = FaqKnowledgeBase.Embedded;
        var embeddings = new AxisEmbeddingGenerator(kb, "faq.business-models");
        var lexicalOnly = Retriever.Search("how to prevent overfitting");
        var fused = await Retriever.SearchAsync("how to prevent overfitting", embeddings, TestContext.Current.CancellationToken);
        Assert.False(lexicalOnly.UsedEmbeddings);
        Assert.True(fused.UsedEmbeddings);
        Assert.DoesNotContain(lexicalOnly.Hits.Take(2), h => h.Entry.Id == "faq.business-models");

        // The embedding winner climbs; the keyword winner stays on top (it also has a middling semantic rank).
        int Rank(FaqSearchResult r, string id) => r.Hits.Select(h => h.Entry.Id).ToList().IndexOf(id) is var i and >= 0 ? i : int.MaxValue;
        Assert.True(Rank(fused, "faq.business-models") < Rank(lexicalOnly, "faq.business-models"));
        Assert.Equal(FaqKnowledgeBase.Embedded.Entries.Count, fused.Hits.Count);
        Assert.Equal("faq.overfitting", fused.Hits[0].Entry.Id);

        // When both rankings agree, fusion keeps the winner first.
        var agreeing = await Retriever.SearchAsync("how to prevent overfitting", new AxisEmbeddingGenerator(kb, "faq.overfitting"), TestContext.Current.CancellationToken);
        Assert.Equal("faq.overfitting", agreeing.Hits[0].Entry.Id);

        // Entry vectors are computed once per generator: one batch for entries, one call per question.
        await Retriever.SearchAsync("overfitting again", embeddings, TestContext.Current.CancellationToken);
        Assert.Equal(3, embeddings.Calls);
    }

    [Fact]
    public async Task A_strong_embedding_match_rescues_a_question_with_no_shared_words()
    {
        var kb = FaqKnowledgeBase.Embedded;
        const string Question = "qwxz zzvv blorp";
        Assert.False(Retriever.Search(Question).InScope);
        var result = await Retriever.SearchAsync(Question, new AxisEmbeddingGenerator(kb, "faq.deployment"), TestContext.Current.CancellationToken);
        Assert.True(result.InScope);
        Assert.Equal("faq.deployment", result.Hits[0].Entry.Id);
    }

    [Fact]
    public async Task Weak_embedding_similarity_does_not_overrule_out_of_scope()
    {
        var result = await Retriever.SearchAsync("明天上海下雨吗", new AxisEmbeddingGenerator(FaqKnowledgeBase.Embedded, null), TestContext.Current.CancellationToken);
        Assert.False(result.InScope);
    }
}
