using System.ComponentModel;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Prd;

/// <summary>Semantic Kernel face of the PRD job: drafting (with the chat client given here, or none) and linting.</summary>
public sealed class PrdPlugin(IChatClient? chat = null, IJobObserver? observer = null)
{
    [KernelFunction("draft_prd")]
    [Description("Drafts a product requirements document (Markdown) from a short product idea, section by section.")]
    public async Task<string> DraftPrdAsync(
        [Description("The product idea in one or two sentences.")] string idea,
        [Description("Answer language: auto, zh or en.")] string language = "auto",
        CancellationToken cancellationToken = default) =>
        (await PrdDrafter.DraftAsync(new DraftRequest(idea, DraftKind.Prd, Language: ParseLanguage(language)), chat, observer, cancellationToken).ConfigureAwait(false)).Markdown;

    [KernelFunction("draft_ai_spec")]
    [Description("Drafts an AI-feature spec (a PRD plus AI hypothesis, evaluation plan, guardrails, fallbacks, privacy review, budgets and monitoring).")]
    public async Task<string> DraftAiSpecAsync(
        [Description("The AI feature idea in one or two sentences.")] string idea,
        [Description("Answer language: auto, zh or en.")] string language = "auto",
        CancellationToken cancellationToken = default) =>
        (await PrdDrafter.DraftAsync(new DraftRequest(idea, DraftKind.AiSpec, Language: ParseLanguage(language)), chat, observer, cancellationToken).ConfigureAwait(false)).Markdown;

    [KernelFunction("lint_prd")]
    [Description("Checks a PRD or AI spec in Markdown: missing or empty sections, untestable requirements, metrics without baseline or target, unresolved TODOs. Returns one finding per line, or JSON.")]
    public static string LintPrd(
        [Description("The Markdown text of the PRD or spec.")] string markdown,
        [Description("text or json")] string format = "text")
    {
        var diagnostics = PrdLinter.Lint(markdown);
        if (format.Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            return JsonSerializer.Serialize(diagnostics);
        }

        if (diagnostics.Count == 0)
        {
            return "No findings.";
        }

        var sb = new StringBuilder();
        foreach (var d in diagnostics)
        {
            sb.Append(d.StartLine + 1).Append(':').Append(d.StartColumn + 1).Append(' ').Append(d.Severity.ToString().ToLowerInvariant())
                .Append(' ').Append(d.Code).Append(' ').Append(d.Message).Append('\n');
        }

        return sb.ToString().TrimEnd();
    }

    internal static AnswerLanguage ParseLanguage(string? language) => language?.Trim().ToLowerInvariant() switch
    {
        "zh" or "zh-cn" or "chinese" or "中文" => AnswerLanguage.Zh,
        "en" or "en-us" or "english" => AnswerLanguage.En,
        _ => AnswerLanguage.Auto,
    };
}
