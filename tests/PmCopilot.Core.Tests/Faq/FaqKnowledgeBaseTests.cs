using PmCopilot.Core.Tests.TestSupport;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PmCopilot.Core.Faq;

namespace PmCopilot.Core.Tests.Faq;

public partial class FaqKnowledgeBaseTests
{
    private static readonly FaqKnowledgeBase Kb = FaqKnowledgeBase.Embedded;

    // Every topic the issue lists, plus what the seeds' FAQ appendices answer beyond it.
    public static readonly TheoryData<string> RequiredTopics =
    [
        "faq.compute-resources", "faq.training-time", "faq.training-speedup", "faq.data-privacy", "faq.interpretability",
        "faq.fairness-compliance", "faq.choose-model", "faq.class-imbalance", "faq.model-evaluation", "faq.overfitting",
        "faq.optimize-performance", "faq.why-large-data", "faq.deployment", "faq.what-is-large-model", "faq.pm-skills",
        "faq.assess-pm-skills", "faq.ai-in-finance", "faq.ai-in-healthcare", "faq.ai-project-management",
        "faq.ai-startup-process", "faq.business-models", "faq.training-convergence", "faq.model-compression",
        "faq.pretraining-finetuning", "faq.monitoring-lifecycle",
    ];

    [Theory]
    [MemberData(nameof(RequiredTopics))]
    public void Covers_required_topic(string id) => Assert.True(Kb.Contains(id), id);

    [Fact]
    public void Ids_are_unique_and_well_formed()
    {
        Assert.Equal(Kb.Entries.Count, Kb.Entries.Select(e => e.Id).Distinct().Count());
        Assert.All(Kb.Entries, e => Assert.Matches("^faq\\.[a-z0-9]+(-[a-z0-9]+)*$", e.Id));
    }

    [Fact]
    public void Every_entry_is_bilingual_and_substantive()
    {
        Assert.All(Kb.Entries, e =>
        {
            int words = e.Answer.En.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            int hanzi = e.Answer.Zh.Count(Jobs.LanguageDetector.IsCjk);
            Assert.InRange(words, 120, 300);
            Assert.InRange(hanzi, 200, 500);
            Assert.Equal(Jobs.AnswerLanguage.Zh, Jobs.LanguageDetector.Detect(e.Title.Zh));
            Assert.Equal(Jobs.AnswerLanguage.En, Jobs.LanguageDetector.Detect(e.Title.En));
            Assert.True(e.Aliases.Zh.Count >= 5 && e.Aliases.En.Count >= 5, e.Id);
            Assert.NotEmpty(e.Related);
        });
    }

    [Fact]
    public void Seeds_named_by_entries_exist()
    {
        Assert.All(Kb.Entries, e => Assert.All(e.Seeds, s => Assert.Matches("^\\d{3}_[0-9a-f]{16}\\.txt$", s)));
        var shared = RepoPaths.Shared;
        Assert.All(Kb.Entries.SelectMany(e => e.Seeds).Distinct(), s => Assert.True(File.Exists(Path.Combine(shared, "seeds", s)), s));
    }

    [Fact]
    public void Answers_do_not_copy_seed_sentences()
    {
        var shared = RepoPaths.Shared;
        var seedText = string.Concat(Directory.GetFiles(Path.Combine(shared, "seeds"), "*.txt").Select(File.ReadAllText));

        // Facts carry over, sentences do not: no run of 20 Han characters of an answer appears verbatim in a seed.
        Assert.All(Kb.Entries, e =>
        {
            var han = HanRun().Matches(e.Answer.Zh).Select(m => m.Value).Where(r => r.Length >= 20);
            foreach (var run in han)
            {
                for (int i = 0; i + 20 <= run.Length; i += 5)
                {
                    Assert.DoesNotContain(run.Substring(i, 20), seedText, StringComparison.Ordinal);
                }
            }
        });
    }

    [Fact]
    public void Rejects_duplicate_ids_missing_languages_and_dangling_related_ids()
    {
        var json = JsonNode.Parse(File.ReadAllText(KbPath()))!;
        var entries = json["entries"]!.AsArray();
        entries[1]!["id"] = entries[0]!["id"]!.GetValue<string>();
        entries[2]!["answer"]!["en"] = " ";
        entries[3]!["related"] = new JsonArray("faq.no-such-entry");
        entries[4]!["aliases"]!["zh"] = new JsonArray();
        var ex = Assert.Throws<FormatException>(() => FaqKnowledgeBase.Parse(json.ToJsonString()));
        Assert.Contains("duplicate id", ex.Message, StringComparison.Ordinal);
        Assert.Contains("answer.en is missing", ex.Message, StringComparison.Ordinal);
        Assert.Contains("faq.no-such-entry", ex.Message, StringComparison.Ordinal);
        Assert.Contains("aliases need", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_non_json_and_empty_bases()
    {
        Assert.Throws<FormatException>(() => FaqKnowledgeBase.Parse("{ not json"));
        Assert.Throws<FormatException>(() => FaqKnowledgeBase.Parse("""{"entries": []}"""));
    }

    [Fact]
    public void Embedded_copy_matches_the_source_file() =>
        Assert.Equal(Kb.Entries.Count, FaqKnowledgeBase.Parse(File.ReadAllText(KbPath())).Entries.Count);

    private static string KbPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "src", "PmCopilot.Core", "Faq", "Data", "faq-kb.json");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException("faq-kb.json not found above the test assembly");
    }

    [GeneratedRegex("[\\u4e00-\\u9fff]+")]
    private static partial Regex HanRun();
}
