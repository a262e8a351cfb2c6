using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json.Serialization;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Documents;

/// <summary>What to summarise: a file (<see cref="Path"/>) or text in memory (<see cref="Text"/>, with an optional
/// <see cref="FileName"/> whose extension picks the format).</summary>
public sealed record DocumentSummaryRequest(
    string? Path = null,
    string? Text = null,
    string? FileName = null,
    int MaxSentences = 8,
    AnswerLanguage Language = AnswerLanguage.Auto)
{
    /// <summary>The model's context window in tokens; chunks and prompts are sized to fit it.</summary>
    public int ContextTokens { get; init; } = 4096;

    /// <summary>Caps the tokens of each model answer below the prompt's own <c>max_tokens</c> (null = the prompt's setting).</summary>
    public int? MaxOutputTokens { get; init; }
}

/// <summary>A sentence of an extractive summary and the section it was taken from.</summary>
public sealed record SummarySentence(string Text, string Reference);

/// <summary>One section of the document's outline: its heading, where to find it, and its most central sentences.</summary>
public sealed record SummarySection(string Heading, string Reference, IReadOnlyList<string> KeySentences);

/// <summary>The result of <see cref="DocumentSummarizer"/>. <see cref="Mode"/> is "extractive" (no model) or "model".</summary>
public sealed partial record DocumentSummary(
    string Title,
    string Mode,
    string Summary,
    IReadOnlyList<SummarySection> Sections,
    IReadOnlyList<string> Warnings)
{
    [JsonConverter(typeof(JsonStringEnumConverter<AnswerLanguage>))]
    public AnswerLanguage Language { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<SourceFormat>))]
    public SourceFormat Format { get; init; }

    /// <summary>The extractive key sentences in document order (also computed when a model wrote <see cref="Summary"/>).</summary>
    public IReadOnlyList<SummarySentence> KeySentences { get; init; } = [];

    public int SectionCount { get; init; }

    public int? PageCount { get; init; }

    public int ChunkCount { get; init; }

    public string ToMarkdown()
    {
        var zh = Language == AnswerLanguage.Zh;
        var sb = new StringBuilder();
        sb.Append("# ").Append(zh ? "摘要：" : "Summary: ").Append(Title).Append("\n\n");
        sb.Append(Summary.Trim()).Append("\n\n");
        if (Sections.Count > 0)
        {
            sb.Append(zh ? "## 各部分要点\n\n" : "## Sections\n\n");
            foreach (var section in Sections)
            {
                sb.Append("- **").Append(section.Reference);
                if (section.Heading.Length > 0 && section.Heading != section.Reference)
                {
                    // "§2.1 Problem > What happens today", not "§2.1 2. Problem > 2.1 What happens today".
                    sb.Append(' ').AppendJoin(" > ", section.Heading.Split(" > ").Select(part => OwnNumber().Replace(part, string.Empty)));
                }

                sb.Append("**");
                if (section.KeySentences.Count > 0)
                {
                    sb.Append(" — ").AppendJoin(' ', section.KeySentences);
                }

                sb.Append('\n');
            }

            sb.Append('\n');
        }

        if (Warnings.Count > 0)
        {
            sb.Append(zh ? "## 提示\n\n" : "## Warnings\n\n");
            foreach (var warning in Warnings)
            {
                sb.Append("- ").Append(warning).Append('\n');
            }

            sb.Append('\n');
        }

        var modeText = Mode == "model" ? (zh ? "模型生成（map-reduce）" : "written by the model (map-reduce)") : (zh ? "抽取式（TextRank，未使用模型）" : "extractive (TextRank, no model)");
        sb.Append(zh ? "_方式：" : "_Mode: ").Append(modeText).Append("_\n");
        return sb.ToString();
    }

    [GeneratedRegex(@"^\d{1,3}(?:\.\d{1,3})*\.?\s+")]
    private static partial Regex OwnNumber();
}
