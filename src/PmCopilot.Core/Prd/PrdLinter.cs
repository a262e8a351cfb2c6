using System.Text.RegularExpressions;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Prd;

/// <summary>
/// Deterministic checks of a PRD or AI-feature spec in Markdown. Everything is read through <see cref="PrdOutline"/>,
/// so text in code blocks, inline code, HTML comments and template guidance is never reported.
/// </summary>
public static partial class PrdLinter
{
    public static IReadOnlyList<PrdDiagnostic> Lint(string markdown, PrdLintOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        options ??= new PrdLintOptions();
        var outline = PrdOutline.Parse(markdown);
        var kind = options.Kind ?? DetectKind(outline);
        var language = options.Language != AnswerLanguage.Auto ? options.Language : DocumentLanguage(outline);
        var zh = language == AnswerLanguage.Zh;

        var diagnostics = new List<PrdDiagnostic>();
        CheckMissingSections(outline, kind, language, options, diagnostics);
        CheckEmptySections(outline, zh, diagnostics);
        CheckRequirements(outline, zh, diagnostics);
        CheckMetrics(outline, zh, diagnostics);
        CheckEvaluation(outline, zh, diagnostics);
        CheckOpenQuestions(outline, zh, diagnostics);
        CheckMarkers(outline, zh, diagnostics);
        return [.. diagnostics.OrderBy(d => d.StartLine).ThenBy(d => d.StartColumn).ThenBy(d => d.Code, StringComparer.Ordinal)];
    }

    /// <summary>PRD or AI spec, from front matter (<c>type: ai-spec</c>), the title, or two or more AI-only sections.</summary>
    public static DraftKind DetectKind(string markdown) => DetectKind(PrdOutline.Parse(markdown));

    /// <summary>True when at least three template sections are recognised: worth linting as a PRD at all.</summary>
    public static bool LooksLikePrd(string markdown)
    {
        var outline = PrdOutline.Parse(markdown);
        return outline.FrontMatterType is { } type && (type.Contains("prd", StringComparison.OrdinalIgnoreCase) || type.Contains("spec", StringComparison.OrdinalIgnoreCase))
            || outline.Headings.Where(h => h.Section is not null).Select(h => h.Section!.Id).Distinct().Count() >= 3;
    }

    internal static DraftKind DetectKind(PrdOutline outline)
    {
        if (outline.FrontMatterType is { } type)
        {
            if (AiWord().IsMatch(type))
            {
                return DraftKind.AiSpec;
            }

            if (type.Contains("prd", StringComparison.OrdinalIgnoreCase))
            {
                return DraftKind.Prd;
            }
        }

        if (outline.Title is { } title && AiSpecTitle().IsMatch(title))
        {
            return DraftKind.AiSpec;
        }

        var aiSections = outline.Headings.Where(h => h.Section is { AiOnly: true }).Select(h => h.Section!.Id).Distinct().Count();
        return aiSections >= 2 ? DraftKind.AiSpec : DraftKind.Prd;
    }

    private static AnswerLanguage DocumentLanguage(PrdOutline outline) =>
        LanguageDetector.Detect(string.Join(' ', outline.Headings.Select(h => h.Text)) + " " + outline.Title);

    private static void CheckMissingSections(PrdOutline outline, DraftKind kind, AnswerLanguage language, PrdLintOptions options, List<PrdDiagnostic> diagnostics)
    {
        var present = outline.Headings.Where(h => h.Section is not null).GroupBy(h => h.Section!.Id).ToDictionary(g => g.Key, g => g.First());
        var expected = PrdSections.For(kind).ToList();
        var level = outline.Headings.Where(h => h.Section is not null).GroupBy(h => h.Level).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).FirstOrDefault(2);
        var zh = language == AnswerLanguage.Zh;
        var anchor = outline.TitleHeading;
        var (line, startColumn, endColumn) = anchor is null
            ? (0, 0, outline.LineText(0).Length)
            : (anchor.Line, anchor.TextColumn, outline.LineText(anchor.Line).Length);

        for (var i = 0; i < expected.Count; i++)
        {
            var section = expected[i];
            if (present.ContainsKey(section.Id))
            {
                continue;
            }

            var (code, severity) = section.Id switch
            {
                "evaluation" => (PrdCodes.MissingEvaluationPlan, PrdSeverity.Error),
                "human-loop" => (PrdCodes.MissingFallback, PrdSeverity.Error),
                "privacy" => (PrdCodes.MissingPrivacyReview, PrdSeverity.Error),
                _ when section.Importance == SectionImportance.Recommended => (PrdCodes.MissingSection, PrdSeverity.Info),
                _ => (PrdCodes.MissingSection, PrdSeverity.Warning),
            };
            if (severity == PrdSeverity.Info && !options.ReportRecommendedSections)
            {
                continue;
            }

            var next = expected.Skip(i + 1).Select(s => present.GetValueOrDefault(s.Id)).FirstOrDefault(h => h is not null);
            var insertAt = next?.Line ?? outline.LineCount;
            var skeleton = PrdTemplates.SectionSkeleton(section, language, level, [section.Guidance(language)]);
            if (next is null && outline.LineCount > 0 && outline.LineText(outline.LineCount - 1).Trim().Length > 0)
            {
                skeleton = "\n" + skeleton;
            }

            var title = section.Title(language);
            var message = zh
                ? $"缺少“{title}”一节：{section.GuidanceZh}"
                : $"Missing section \"{title}\": {section.GuidanceEn}";
            var fix = new PrdFix(zh ? $"插入“{title}”一节" : $"Insert section \"{title}\"", insertAt, skeleton);
            diagnostics.Add(new PrdDiagnostic(code, severity, message, line, startColumn, line, endColumn, fix));
        }
    }

    private static void CheckEmptySections(PrdOutline outline, bool zh, List<PrdDiagnostic> diagnostics)
    {
        foreach (var heading in outline.Headings.Where(h => h.Section is not null))
        {
            if (outline.ContentLines.Any(l => l > heading.Line && l < heading.EndLine))
            {
                continue;
            }

            var title = heading.Section!.Title(zh ? AnswerLanguage.Zh : AnswerLanguage.En);
            var message = zh
                ? $"“{heading.Text}”一节是空的（或只有填写提示）。请写出：{heading.Section.GuidanceZh}"
                : $"Section \"{heading.Text}\" is empty (or holds only the template's guidance). Write: {heading.Section.GuidanceEn}";
            _ = title;
            diagnostics.Add(At(outline, heading, PrdCodes.EmptySection, PrdSeverity.Warning, message));
        }
    }

    private static void CheckRequirements(PrdOutline outline, bool zh, List<PrdDiagnostic> diagnostics)
    {
        foreach (var unit in outline.Units.Where(u => !u.TopLevelListItem))
        {
            var section = outline.SectionAt(unit.Line)?.Section;
            if (section is null || !section.HoldsRequirements)
            {
                continue;
            }

            var text = SourceAligned(outline, unit);
            foreach (var (start, end) in Sentences(text))
            {
                var sentence = text[start..end];
                if (HasMeasure(Identifier().Replace(sentence, " ")) || (section.Id == "user-stories" && StoryStatement().IsMatch(sentence)))
                {
                    continue;
                }

                var vague = VagueWord().Matches(sentence).Cast<Match>().ToList();
                if (vague.Count == 0)
                {
                    continue;
                }

                var words = string.Join(zh ? "、" : ", ", vague.Select(m => zh ? $"“{m.Value}”" : $"\"{m.Value}\"").Distinct());
                var message = zh
                    ? $"{words}无法验证：在同一句里给出数字、单位或阈值（例如“p95 < 300 毫秒”“3 步内完成”）。"
                    : $"{words} cannot be tested: give a number, unit or threshold in the same sentence (e.g. \"p95 < 300 ms\", \"in 3 steps or fewer\").";
                var first = vague[0];
                diagnostics.Add(Range(outline, unit.Start + start + first.Index, first.Length, PrdCodes.UntestableRequirement, PrdSeverity.Warning, message));
            }
        }
    }

    private static void CheckMetrics(PrdOutline outline, bool zh, List<PrdDiagnostic> diagnostics)
    {
        foreach (var heading in outline.Headings.Where(h => h.Section?.Id == "metrics"))
        {
            var units = outline.Units
                .Where(u => (u.TopLevelListItem || u.Kind == UnitKind.TableRow) && u.Line > heading.Line && u.Line < heading.EndLine
                    && outline.SectionAt(u.Line)?.Section?.Id == "metrics")
                .ToList();
            if (units.Count == 0)
            {
                continue;
            }

            foreach (var unit in units)
            {
                var text = unit.Text;
                if (StruckOut().IsMatch(text))
                {
                    continue; // a dropped metric; "resolved"/"answered" are ordinary words here ("tickets answered with a draft")
                }

                var both = Arrow().IsMatch(text) || FromTo().IsMatch(text);
                var baseline = both || Baseline().IsMatch(text);
                var target = both || Target().IsMatch(text);
                if (baseline && target)
                {
                    continue;
                }

                var what = (baseline, target, zh) switch
                {
                    (false, false, true) => "既没有基线也没有目标值",
                    (false, true, true) => "没有基线（当前值）",
                    (true, false, true) => "没有目标值",
                    (false, false, false) => "has no baseline and no target",
                    (false, true, false) => "has no baseline (today's value)",
                    _ => "has no target",
                };
                var message = zh
                    ? $"这个指标{what}：写成“基线 → 目标 → 日期”，例如“激活率 32% → 45%（2026-06-30 前）”。"
                    : $"This metric {what}: write it as baseline → target → date, e.g. \"activation 32% → 45% by 2026-06-30\".";
                var (line, col) = outline.Position(unit.Start);
                var lineText = outline.LineText(line);
                diagnostics.Add(new PrdDiagnostic(PrdCodes.MetricWithoutBaselineOrTarget, PrdSeverity.Warning, message, line, col, line, Math.Max(col, lineText.Length)));
            }
        }
    }

    private static void CheckEvaluation(PrdOutline outline, bool zh, List<PrdDiagnostic> diagnostics)
    {
        foreach (var heading in outline.Headings.Where(h => h.Section?.Id == "evaluation"))
        {
            var units = outline.Units.Where(u => !u.TopLevelListItem && u.Line > heading.Line && u.Line < heading.EndLine).ToList();
            if (units.Count == 0)
            {
                continue; // reported as empty
            }

            var text = string.Join('\n', units.Select(u => u.Text));
            var lacksThreshold = !HasMeasure(text);
            var lacksGoldenSet = !GoldenSet().IsMatch(text);
            if (!lacksThreshold && !lacksGoldenSet)
            {
                continue;
            }

            var message = (lacksThreshold, lacksGoldenSet, zh) switch
            {
                (true, true, true) => "评估方案既没有黄金测试集也没有上线阈值：写明测试集（规模、来源、标注人）和指标阈值（例如“300 条样本上准确率 ≥ 0.9”）。",
                (true, false, true) => "评估方案没有上线阈值：为每个指标写出数字阈值（例如“准确率 ≥ 0.9”）。",
                (false, true, true) => "评估方案没有说明黄金测试集：写明规模、来源和标注人。",
                (true, true, false) => "The evaluation plan names no golden set and no thresholds: state the set (size, source, who labels it) and ship thresholds (e.g. \"precision ≥ 0.9 on 300 cases\").",
                (true, false, false) => "The evaluation plan has no thresholds: give each metric a number to ship at (e.g. \"precision ≥ 0.9\").",
                _ => "The evaluation plan names no golden set: say its size, source and who labels it.",
            };
            diagnostics.Add(At(outline, heading, PrdCodes.EvaluationWithoutThresholds, PrdSeverity.Warning, message));
        }
    }

    private static void CheckOpenQuestions(PrdOutline outline, bool zh, List<PrdDiagnostic> diagnostics)
    {
        foreach (var unit in outline.Units.Where(u => u.TopLevelListItem || u.Kind == UnitKind.TableRow))
        {
            if (outline.SectionAt(unit.Line)?.Section?.Id != "open-questions" || Owner().IsMatch(unit.Text) || Resolved().IsMatch(unit.Text))
            {
                continue;
            }

            var message = zh
                ? "这个待解决问题没有负责人：写上“负责人：@姓名”和答复日期。"
                : "This open question has no owner: add \"Owner: @name\" and the date it must be answered by.";
            var (line, col) = outline.Position(unit.Start);
            diagnostics.Add(new PrdDiagnostic(PrdCodes.OpenQuestionWithoutOwner, PrdSeverity.Info, message, line, col, line, Math.Max(col, outline.LineText(line).Length)));
        }
    }

    private static void CheckMarkers(PrdOutline outline, bool zh, List<PrdDiagnostic> diagnostics)
    {
        bool InOpenQuestions(int line) => outline.SectionAt(line)?.Section?.Id == "open-questions";

        foreach (var heading in outline.Headings)
        {
            if (heading.Section?.Id == "open-questions" || InOpenQuestions(heading.Line))
            {
                continue;
            }

            foreach (Match m in Marker().Matches(heading.Text))
            {
                diagnostics.Add(MarkerDiagnostic(heading.Line, heading.TextColumn + m.Index, m.Value, zh));
            }
        }

        foreach (var unit in outline.Units.Where(u => !u.TopLevelListItem))
        {
            if (InOpenQuestions(unit.Line))
            {
                continue;
            }

            var text = SourceAligned(outline, unit);
            foreach (Match m in Marker().Matches(text))
            {
                var (line, col) = outline.Position(unit.Start + m.Index);
                diagnostics.Add(MarkerDiagnostic(line, col, m.Value, zh));
            }
        }
    }

    private static PrdDiagnostic MarkerDiagnostic(int line, int column, string marker, bool zh)
    {
        var message = zh
            ? $"未解决的“{marker}”：补上内容，或把它移到“待解决问题”并写明负责人。"
            : $"Unresolved \"{marker}\": fill it in, or move it to Open questions with an owner.";
        return new PrdDiagnostic(PrdCodes.UnresolvedMarker, PrdSeverity.Warning, message, line, column, line, column + marker.Length);
    }

    /// <summary>The unit's text aligned with the source (table rows are rebuilt with header names, so read the source span instead).</summary>
    private static string SourceAligned(PrdOutline outline, OutlineUnit unit)
    {
        if (unit.Kind != UnitKind.TableRow)
        {
            return unit.Text;
        }

        var chars = outline.Source.ToCharArray(unit.Start, unit.End - unit.Start);
        for (var i = 0; i < chars.Length; i++)
        {
            if (outline.Masked[unit.Start + i])
            {
                chars[i] = ' ';
            }
        }

        return new string(chars);
    }

    private static PrdDiagnostic At(PrdOutline outline, OutlineHeading heading, string code, PrdSeverity severity, string message) =>
        new(code, severity, message, heading.Line, heading.TextColumn, heading.Line, Math.Max(heading.TextColumn, outline.LineText(heading.Line).Length));

    private static PrdDiagnostic Range(PrdOutline outline, int offset, int length, string code, PrdSeverity severity, string message)
    {
        var (line, col) = outline.Position(offset);
        var (endLine, endCol) = outline.Position(offset + length);
        return new PrdDiagnostic(code, severity, message, line, col, endLine, endCol);
    }

    /// <summary>Sentence ranges: split at 。！？；!?; and at a full stop followed by space or line end (not in "1.5" or "e.g.").</summary>
    internal static IEnumerable<(int Start, int End)> Sentences(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var boundary = c is '。' or '！' or '？' or '；' or '!' or '?' or ';'
                || (c == '.' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])) && !Abbreviation(text, i));
            if (boundary)
            {
                yield return (start, i + 1);
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            yield return (start, text.Length);
        }
    }

    private static bool Abbreviation(string text, int dot)
    {
        var from = dot - 1;
        while (from >= 0 && char.IsLetter(text[from]))
        {
            from--;
        }

        var word = text[(from + 1)..dot].ToLowerInvariant();
        return word is "e.g" or "i.e" or "g" or "e" or "vs" or "etc" or "approx" or "no" or "fig" or "mr" or "ms" or "dr";
    }

    internal static bool HasMeasure(string text) => Measure().IsMatch(text);

    [GeneratedRegex(@"[0-9０-９]|[≤≥<>＜＞]|百分之|[一二三四五六七八九十百千万两半]+\s*(?:个|秒|毫秒|分钟|小时|天|周|个月|月|年|次|倍|步|成|屏|级|项|条)|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty|hundred|thousand|million|half|once|twice|zero|single)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Measure();

    // Requirement ids and priorities ("FR-2", "R2", "NFR-10", "P0") carry digits that say nothing about how well.
    [GeneratedRegex(@"\b(?:[A-Z]{1,5}-?\d+(?:\.\d+)*[a-z]?|P[0-4])\b")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"\b(?:fast(?:er|est)?|quick(?:ly|er)?|easy|easily|easier|user[- ]friendly|intuitive(?:ly)?|seamless(?:ly)?|robust|scalable|efficient(?:ly)?|performant|lightweight|smooth(?:ly)?|instant(?:ly|aneous(?:ly)?)?|high[- ]performance|low[- ]latency|blazing(?:ly)?|as soon as possible|asap|reliabl[ey]|flexible|state[- ]of[- ]the[- ]art|best[- ]in[- ]class|world[- ]class|accurate(?:ly)?|significant(?:ly)?)\b|准确|精准|显著|明显|快速|迅速|尽快|友好|简单|简洁|易用|好用|高效|流畅|顺畅|稳定|可靠|便捷|方便|直观|无缝|强大|高性能|低延迟|及时|灵活|丝滑|极致", RegexOptions.IgnoreCase)]
    private static partial Regex VagueWord();

    [GeneratedRegex(@"^\s*(?:[-*+]\s*)?(?:\*\*)?(?:as an?\b|作为)", RegexOptions.IgnoreCase)]
    private static partial Regex StoryStatement();

    [GeneratedRegex(@"[0-9０-９][^\n→]*?(?:→|->|=>|⟶|➔|➝|⇒)[^\n]*?[0-9０-９]")]
    private static partial Regex Arrow();

    [GeneratedRegex(@"[0-9][^\n|]{0,25}?\b(?:down|up|drop(?:s|ping)?|fall(?:s|ing)?|ris(?:e|es|ing)|grow(?:s|ing)?|increas(?:e|es|ing)|decreas(?:e|es|ing)|reduc(?:e|es|ed|ing)|cut|improv(?:e|es|ing)|lift(?:s|ing)?)\s+to\b[^\n|]{0,12}?[0-9]|[0-9０-９][^\n|]{0,20}?(?:降到|降至|降低到|降低至|提升到|提升至|提高到|提高至|增加到|增长到|减少到|缩短到|缩短至)[^\n|]{0,6}?[0-9０-９]|\bfrom\b[^\n|]{0,25}?[0-9][^\n|]{0,50}?\bto\b[^\n|]{0,25}?[0-9]|从[^\n|]{0,12}?[0-9０-９][^\n|]{0,30}?(?:到|至)[^\n|]{0,12}?[0-9０-９]", RegexOptions.IgnoreCase)]
    private static partial Regex FromTo();

    [GeneratedRegex(@"(?:\bbaselines?\b|\bcurrent(?:ly)?\b|\btoday\b|\bas[- ]is\b|\bnow\b|\bstarting point\b|基线|当前|目前|现状|现在|现值|基准)[^\n|0-9]{0,30}[0-9]|[0-9][^\n|]{0,20}?(?:\bbaseline\b|\btoday\b|基线|当前)", RegexOptions.IgnoreCase)]
    private static partial Regex Baseline();

    [GeneratedRegex(@"(?:\btargets?\b|\bgoal\b|\breach\b|\bat least\b|\bat most\b|\bno more than\b|\bno less than\b|\bunder\b|\bbelow\b|\babove\b|目标|提升到|提高到|提升至|提高至|降到|降至|降低到|降低至|达到|不低于|不高于|不少于|不超过|至少|≥|≤|>=|<=|<|>|＜|＞)[^\n|0-9]{0,30}[0-9]|[0-9][^\n|]{0,20}?(?:\btarget\b|目标)", RegexOptions.IgnoreCase)]
    private static partial Regex Target();

    // A named set, or a sized one ("on 500 tickets", "50 万次曝光上").
    [GeneratedRegex(@"golden|gold set|gold-standard|test set|eval(?:uation)? set|benchmark|held[- ]out|holdout|labell?ed|annotated|dataset|data set|黄金|测试集|评测集|评估集|标注|基准集|样本集|验证集|[0-9][0-9,.]*\s*(?:万|千|k\b)?\s*(?:条|次|个|份|张|例|examples?\b|cases?\b|samples?\b|items?\b|queries\b|tickets\b|sessions\b|impressions\b|documents\b|conversations\b)", RegexOptions.IgnoreCase)]
    private static partial Regex GoldenSet();

    [GeneratedRegex(@"@\w|\bowners?\b\s*[:：=(]?\s*(?!tbd\b|\?|-|\|)[\w\p{IsCJKUnifiedIdeographs}]|(?:负责人|责任人|跟进人|负责)\s*[:：=]?\s*(?!待定)[\w\p{IsCJKUnifiedIdeographs}]|\bDRI\b\s*[:：]?\s*\w|\bassignee\b", RegexOptions.IgnoreCase)]
    private static partial Regex Owner();

    [GeneratedRegex(@"\[[xX]\]|~~|\bresolved\b|\banswered\b|已解决|已确认|已答复", RegexOptions.IgnoreCase)]
    private static partial Regex Resolved();

    [GeneratedRegex(@"\[[xX]\]|~~")]
    private static partial Regex StruckOut();

    [GeneratedRegex(@"(?<![A-Za-z])(?:TODO|FIXME|XXX)(?![A-Za-z])|\b(?:TBD|TBC)\b|待定|待补充|待确认|待完善|待填写|未确定|待商榷", RegexOptions.None)]
    private static partial Regex Marker();

    [GeneratedRegex(@"\bai\b|ai[-_ ]?spec|ml[-_ ]?spec|model", RegexOptions.IgnoreCase)]
    private static partial Regex AiWord();

    [GeneratedRegex(@"\bAI\b[^\n]{0,30}\b(?:spec|specification)\b|\bAI[- ]feature\b|\bML\b[^\n]{0,20}\bspec|\bmodel spec|AI\s*功能|AI\s*特性|智能[^\n]{0,10}(?:规格|说明书)|模型[^\n]{0,6}(?:规格|需求|方案)|算法需求|AI\s*规格", RegexOptions.IgnoreCase)]
    private static partial Regex AiSpecTitle();
}
