using PmCopilot.Core.Faq;

namespace PmCopilot.Core.Tests.Faq;

/// <summary>Questions users asked, searched as one more field of the entry that answers them.</summary>
public class FaqExamplesTests
{
    [Fact]
    public void Shipped_examples_name_real_entries_and_their_source_sets()
    {
        var examples = FaqExamples.Embedded;
        Assert.True(examples.Items.Count >= 150, $"{examples.Items.Count} examples");
        Assert.All(examples.Items, e => Assert.True(FaqKnowledgeBase.Embedded.Contains(e.Id), e.Id));
        Assert.Equal(["blind1", "main"], examples.Items.Select(e => e.Set).Distinct().Order(StringComparer.Ordinal));
        Assert.DoesNotContain(examples.Without("main").Items, e => e.Set == "main");
        // The second blind set measures the shipped examples: none of its questions may be among them.
        var blind2 = FaqEvaluation.Load("faq-eval-blind2.json").Select(q => q.Q).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(examples.Items, e => blind2.Contains(e.Question));
    }

    [Fact]
    public void A_phrasing_seen_in_an_example_finds_its_entry()
    {
        // Words no entry's title, keywords or answer holds, asked before about one entry.
        const string Question = "our zigzagging sawtooth thing refuses to settle, what gives";
        var plain = new FaqRetriever(FaqKnowledgeBase.Embedded, examples: FaqExamples.Embedded);
        var taught = new FaqRetriever(FaqKnowledgeBase.Embedded, examples: FaqExamples.From(FaqExamples.Embedded.Items.Append(("faq.training-convergence", "the sawtooth curve zigzagging and refuses to settle down", "test"))));

        Assert.NotEqual("faq.training-convergence", plain.Search(Question).Hits.FirstOrDefault()?.Entry.Id);
        var result = taught.Search(Question);
        Assert.True(result.Hits[0].Entry.Id == "faq.training-convergence", string.Join(", ", result.Hits.Take(4).Select(h => $"{h.Entry.Id} {h.Bm25:0.00}")) + " | " + string.Join(" ", result.Terms));
    }

    [Fact]
    public void A_malformed_examples_file_is_refused()
    {
        Assert.Throws<FormatException>(() => FaqExamples.Parse("""{ "examples": [ { "id": "faq.overfitting", "q": " " } ] }"""));
        var parsed = FaqExamples.Parse("""{ "examples": [ { "id": "faq.overfitting", "q": "why does it memorise", "set": "x" } ] }""");
        Assert.Equal(["why does it memorise"], parsed.For("faq.overfitting"));
    }
}
