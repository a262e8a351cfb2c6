using PmCopilot.Core.Documents;

namespace PmCopilot.Core.Tests.Documents;

public class SentenceSalienceTests
{
    [Theory]
    [InlineData("Checkout conversion rose to 41% in March.", true)]
    [InlineData("The plan costs $5 a month.", true)]
    [InlineData("Median handle time fell from 11 minutes to 9.", true)]
    [InlineData("平均处理时长从 11 分钟降到 9 分钟。", true)]
    [InlineData("FR-2 (P0): list saved searches in the sidebar.", false)]
    [InlineData("See §3 for the rollout and v2 for the old design.", false)]
    [InlineData("The team met to discuss the roadmap.", false)]
    public void A_figure_is_a_quantity_not_an_id(string sentence, bool expected) =>
        Assert.Equal(expected, SentenceSalience.HasFigure(sentence));

    [Theory]
    [InlineData("The root cause was a pool size copied from staging.", true)]
    [InlineData("We decided to keep the current price.", true)]
    [InlineData("最大的风险是模型编造不存在的承诺。", true)]
    [InlineData("The riskiest part is the migration.", false)] // whole words only: "risk" is not "riskiest"
    [InlineData("The office is on the third floor.", false)]
    public void Cues_are_whole_words_or_chinese_phrases(string sentence, bool expected) =>
        Assert.Equal(expected, SentenceSalience.HasCue(sentence));

    [Theory]
    [InlineData("Summary", true)]
    [InlineData("1. Executive summary", true)]
    [InlineData("TL;DR", true)]
    [InlineData("Key findings", true)]
    [InlineData("二、核心结论", true)]
    [InlineData("结论与建议", true)]
    [InlineData("第一章 概述", true)]
    [InlineData("Summarization pipeline", false)]
    [InlineData("3.2 How it works", false)]
    [InlineData("背景", false)]
    public void Summary_headings_are_recognised(string heading, bool expected) =>
        Assert.Equal(expected, SentenceSalience.IsSummaryHeading(heading));

    [Theory]
    [InlineData("Status: Final · Author: Dana Whitfield · Date: 2026-10-22", true, true)]
    [InlineData("From: Maya <maya@example.com> To: Owen <owen@example.com> Date: Thu, 3 Dec 2026 Subject: Re: update", false, true)]
    [InlineData("Metric: Churn; Baseline: 3.1%; Target: 2.5%", false, false)]
    [InlineData("Result: conversion rose 4%.", true, false)]
    public void Metadata_lines_are_recognised(string sentence, bool preamble, bool expected) =>
        Assert.Equal(expected, SentenceSalience.IsMetadataLine(sentence, preamble));

    [Theory]
    [InlineData("Attendees: Alice Chen (CPO), Tom Reyes (Billing), Hana Sato (Finance)", true)]
    [InlineData("参会人员：张伟、李娜、王强", true)]
    [InlineData("We presented the numbers to the attendees at the offsite.", false)]
    public void Attendee_lists_are_metadata_anywhere(string sentence, bool expected) =>
        Assert.Equal(expected, SentenceSalience.IsMetadataLine(sentence, preamble: false));

    [Theory]
    [InlineData("> Moving everything to the new vendor would cost about $29,500 per month.", true)]
    [InlineData("  >> older quote", true)]
    [InlineData("Revenue > cost for the first time this quarter.", false)]
    public void Quoted_reply_lines_are_recognised(string sentence, bool expected) =>
        Assert.Equal(expected, SentenceSalience.IsQuotedReply(sentence));

    [Theory]
    [InlineData("Wiki / Decisions / 2026", true)]
    [InlineData("AI · 发布 · 决策记录 · 会议纪要", true)]
    [InlineData("Home | Products | Pricing | Contact", true)]
    [InlineData("产品知识库 / 决策记录 / 2026", true)]
    [InlineData("We compared the options / prices / terms of three vendors and chose Halden.", false)]
    [InlineData("Revenue grew 12% / 9% / 15% across the three regions.", false)]
    [InlineData("Search latency fell 40 %.", false)]
    public void Breadcrumbs_and_tag_lists_are_navigation(string sentence, bool expected) =>
        Assert.Equal(expected, SentenceSalience.IsNavigation(sentence));

    [Fact]
    public void Speaker_labels_repeated_in_a_transcript_are_left_out_of_the_words()
    {
        string[] transcript =
        [
            "Alice Chen [00:02:10]: So the options on the table are a flat seat price or usage credits.",
            "Tom Reyes [00:02:40]: Billing can do either by January.",
            "Alice Chen [00:03:55]: Okay, so we need a version small teams can live with.",
            "Tom Reyes [00:04:12]: Credits are harder to build.",
            "Alice Chen [00:06:48]: Decision: the add-on is $15 per seat per month.",
            "Tom Reyes [00:07:00]: Noted.",
            "Decision: we ship in March.",
        ];
        var speakers = SentenceSalience.SpeakerLabels(transcript);
        Assert.Equal(["Alice Chen", "Tom Reyes"], speakers.Order(StringComparer.Ordinal));
        Assert.Equal("Decision: the add-on is $15 per seat per month.", SentenceSalience.WithoutSpeaker(transcript[4], speakers));
        // A label used once is part of the sentence.
        Assert.Equal("Decision: we ship in March.", SentenceSalience.WithoutSpeaker(transcript[6], speakers));

        string[] chat = ["[10:02] 张伟：搜索上线了", "[10:05] 李娜：投诉有点多", "[10:09] 张伟：先看数据", "[10:12] 李娜：好的", "[10:20] 张伟：回滚吧", "[10:21] 李娜：收到"];
        var chatSpeakers = SentenceSalience.SpeakerLabels(chat);
        Assert.Equal(["张伟", "李娜"], chatSpeakers.Order(StringComparer.Ordinal));
        Assert.Equal("回滚吧", SentenceSalience.WithoutSpeaker(chat[4], chatSpeakers));
    }

    [Fact]
    public void Bonus_lifts_a_figure_with_a_cue_above_plain_prose()
    {
        var none = new HashSet<string>(StringComparer.Ordinal);
        var plain = "The team met to discuss the roadmap for next year.";
        var fact = "We decided to roll back when more than 15% of suggestions are corrected.";
        Assert.True(SentenceSalience.Bonus(fact, TextRank.Tokens(fact), none, false) > SentenceSalience.Bonus(plain, TextRank.Tokens(plain), none, false));
        Assert.Equal(1.0, SentenceSalience.Bonus(plain, TextRank.Tokens(plain), none, false));
    }

    [Fact]
    public void Any_text_is_scored_without_failing()
    {
        string[] pieces = ["$", "5", "%", "FR-", "2", "§", ":", "：", "Status", "From:", "Subject: Re:", "风险", "root cause", " ", "。", "12,000", "-", "·", "\n", "é", "😀", "万", "x"];
        var random = new Random(7);
        var none = new HashSet<string>(StringComparer.Ordinal);
        for (var n = 0; n < 1000; n++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 12)).Select(_ => pieces[random.Next(pieces.Length)]));
            var bonus = SentenceSalience.Bonus(text, TextRank.Tokens(text), none, random.Next(2) == 0);
            Assert.True(bonus >= 1.0 && double.IsFinite(bonus), text);
            _ = SentenceSalience.IsMetadataLine(text, random.Next(2) == 0);
            _ = SentenceSalience.IsSummaryHeading(text);
        }
    }
}
