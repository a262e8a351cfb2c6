using System.Text;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Prd;

/// <summary>
/// The PRD and AI-spec templates as Markdown. Guidance is written as a quote that starts with
/// <see cref="GuidanceMarkerEn"/> / <see cref="GuidanceMarkerZh"/>; the linter reads such quotes as "not written yet",
/// so an untouched skeleton lints as a list of empty sections rather than as a finished document.
/// </summary>
public static class PrdTemplates
{
    public const string GuidanceMarkerEn = "**To answer:**";
    public const string GuidanceMarkerZh = "**待回答：**";

    public static string DocumentName(DraftKind kind, AnswerLanguage language) => (kind, language) switch
    {
        (DraftKind.AiSpec, AnswerLanguage.Zh) => "AI 功能规格说明",
        (DraftKind.AiSpec, _) => "AI feature spec",
        (_, AnswerLanguage.Zh) => "产品需求文档（PRD）",
        _ => "PRD",
    };

    /// <summary>The blank template: every section with its guidance.</summary>
    public static string Render(DraftKind kind, AnswerLanguage language, string? title = null)
    {
        language = language == AnswerLanguage.Auto ? AnswerLanguage.En : language;
        var sb = new StringBuilder();
        sb.Append("# ").Append(title ?? DocumentName(kind, language)).Append("\n\n");
        foreach (var section in PrdSections.For(kind))
        {
            sb.Append(SectionSkeleton(section, language, level: 2, [section.Guidance(language)]));
        }

        return sb.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>A heading plus a guidance quote listing <paramref name="questions"/>, ending with a blank line.</summary>
    public static string SectionSkeleton(PrdSection section, AnswerLanguage language, int level, IReadOnlyList<string> questions)
    {
        var zh = language == AnswerLanguage.Zh;
        var sb = new StringBuilder();
        sb.Append('#', Math.Clamp(level, 1, 6)).Append(' ').Append(section.Title(language)).Append("\n\n");
        sb.Append("> ").Append(zh ? GuidanceMarkerZh : GuidanceMarkerEn).Append('\n');
        foreach (var question in questions)
        {
            sb.Append("> - ").Append(question).Append('\n');
        }

        sb.Append('\n');
        return sb.ToString();
    }
}
