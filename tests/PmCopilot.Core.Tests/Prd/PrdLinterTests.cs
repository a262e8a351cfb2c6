using PmCopilot.Core.Jobs;
using PmCopilot.Core.Prd;

namespace PmCopilot.Core.Tests.Prd;

public class PrdLinterTests
{
    [Theory]
    [InlineData("## 3. Goals", "goals")]
    [InlineData("## Goals & Non-goals", "goals")]
    [InlineData("### Non-functional requirements", "non-functional")]
    [InlineData("Functional Requirements:", "functional")]
    [InlineData("二、目标与非目标", "goals")]
    [InlineData("第三章 背景", "problem")]
    [InlineData("12. 待解决问题", "open-questions")]
    [InlineData("**Success metrics** 📈", "metrics")]
    [InlineData("(4) 非功能需求", "non-functional")]
    [InlineData("Evaluation plan (offline)", "evaluation")]
    [InlineData("Human-in-the-loop", "human-loop")]
    [InlineData("隐私与安全", "privacy")]
    [InlineData("Data", "model-data")]
    [InlineData("Appendix: glossary", null)]
    [InlineData("Database migration", null)]
    public void Recognises_headings_in_both_languages(string heading, string? id) =>
        Assert.Equal(id, HeadingMatcher.Match(heading)?.Id);

    [Fact]
    public void Vague_word_with_a_number_in_the_same_sentence_is_testable()
    {
        var md = "# T\n\n## Functional requirements\n\n- Search is fast: p95 under 300 ms.\n- Search is fast. It has filters.\n";
        var found = PrdLinter.Lint(md, new PrdLintOptions { ReportRecommendedSections = false })
            .Where(d => d.Code == PrdCodes.UntestableRequirement).ToList();

        var only = Assert.Single(found);
        Assert.Equal(5, only.StartLine);
        Assert.Equal("- Search is ".Length, only.StartColumn);
        Assert.Equal(only.StartColumn + "fast".Length, only.EndColumn);
    }

    [Fact]
    public void Markers_in_code_spans_code_blocks_and_comments_are_ignored()
    {
        var md = "# T\n\n## Functional requirements\n\n- Keep the `TODO` key.\n\n```\nTODO: fast\n```\n\n<!-- TODO later -->\n\n    TODO indented code\n";
        var found = PrdLinter.Lint(md).Where(d => d.Code is PrdCodes.UnresolvedMarker or PrdCodes.UntestableRequirement);
        Assert.Empty(found);
    }

    [Fact]
    public void Blank_template_has_every_section_and_each_one_is_reported_empty()
    {
        foreach (var kind in new[] { DraftKind.Prd, DraftKind.AiSpec })
        {
            foreach (var language in new[] { AnswerLanguage.En, AnswerLanguage.Zh })
            {
                var md = PrdTemplates.Render(kind, language);
                var findings = PrdLinter.Lint(md);

                Assert.Equal(kind, PrdLinter.DetectKind(md));
                Assert.DoesNotContain(findings, d => d.Code is PrdCodes.MissingSection or PrdCodes.MissingEvaluationPlan or PrdCodes.MissingFallback or PrdCodes.MissingPrivacyReview);
                Assert.Equal(PrdSections.For(kind).Count(), findings.Count(d => d.Code == PrdCodes.EmptySection));
            }
        }
    }

    [Fact]
    public void Missing_section_fix_inserts_the_skeleton_before_the_next_section()
    {
        var md = "# PRD: X\n\n## TL;DR\n\nText.\n\n## Success metrics\n\n- Activation 30% → 40% by 2026-12-31.\n";
        var missingGoals = PrdLinter.Lint(md).Single(d => d.Code == PrdCodes.MissingSection && d.Message.Contains("Goals", StringComparison.Ordinal));

        Assert.Equal(PrdSeverity.Warning, missingGoals.Severity);
        var fix = Assert.IsType<PrdFix>(missingGoals.Fix);
        Assert.Equal(6, fix.Line); // the "## Success metrics" line: goals come before metrics in the template
        Assert.StartsWith("## Goals and non-goals\n", fix.Text, StringComparison.Ordinal);

        var fixedText = Apply(md, fix);
        var after = PrdLinter.Lint(fixedText);
        Assert.DoesNotContain(after, d => d.Code == PrdCodes.MissingSection && d.Message.Contains("Goals", StringComparison.Ordinal));
        Assert.Contains(after, d => d.Code == PrdCodes.EmptySection && d.StartLine == 6);
    }

    [Fact]
    public void Fix_for_a_chinese_document_is_written_in_chinese_and_appends_at_the_end_when_nothing_follows()
    {
        var md = "# 需求文档\n\n## 概述\n\n一句话。\n\n## 背景\n\n数据 30%。";
        var fix = PrdLinter.Lint(md).Single(d => d.Message.Contains("待解决问题", StringComparison.Ordinal)).Fix!;

        Assert.Equal(9, fix.Line);
        Assert.Contains("## 待解决问题", fix.Text, StringComparison.Ordinal);
        Assert.Contains(PrdTemplates.GuidanceMarkerZh, fix.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("---\ntype: ai-spec\n---\n# X\n", DraftKind.AiSpec)]
    [InlineData("# AI feature spec: smart replies\n\n## TL;DR\n", DraftKind.AiSpec)]
    [InlineData("# Smart replies\n\n## Evaluation plan\n\n## Fallbacks\n", DraftKind.AiSpec)]
    [InlineData("# Smart replies\n\n## Model\n\n## Goals\n", DraftKind.Prd)]
    public void Detects_the_document_kind(string md, DraftKind kind) => Assert.Equal(kind, PrdLinter.DetectKind(md));

    [Fact]
    public void Forced_kind_reports_the_ai_sections()
    {
        var md = "# Smart replies\n\n## TL;DR\n\nx\n";
        Assert.DoesNotContain(PrdLinter.Lint(md), d => d.Code == PrdCodes.MissingEvaluationPlan);
        var ai = PrdLinter.Lint(md, new PrdLintOptions { Kind = DraftKind.AiSpec });
        Assert.Contains(ai, d => d.Code == PrdCodes.MissingEvaluationPlan && d.Severity == PrdSeverity.Error);
        Assert.Contains(ai, d => d.Code == PrdCodes.MissingFallback);
        Assert.Contains(ai, d => d.Code == PrdCodes.MissingPrivacyReview);
    }

    [Fact]
    public void Every_code_is_documented()
    {
        var doc = File.ReadAllText(TestSupport.RepoPaths.InRepo("docs", "prd-lint.md"));
        foreach (var field in typeof(PrdCodes).GetFields())
        {
            Assert.Contains("## " + (string)field.GetValue(null)!, doc, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Empty_and_odd_inputs_do_not_throw()
    {
        Assert.NotEmpty(PrdLinter.Lint(string.Empty));
        Assert.NotNull(PrdLinter.Lint("| a |\n|---|\n"));
        Assert.NotNull(PrdLinter.Lint("#\n\n##\n\n- \n"));
        Assert.NotNull(PrdLinter.Lint("\r\n# T\r\n\r\n## Goals\r\n\r\n- fast\r\n"));
    }

    internal static string Apply(string text, PrdFix fix)
    {
        var lines = text.Split('\n').ToList();
        var before = string.Join('\n', lines.Take(fix.Line));
        var after = string.Join('\n', lines.Skip(fix.Line));
        return fix.Line >= lines.Count ? text + fix.Text : (fix.Line == 0 ? string.Empty : before + "\n") + fix.Text + after;
    }
}
