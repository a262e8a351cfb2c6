using System.ComponentModel;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using PmCopilot.Core.Jobs;
using PmCopilot.Core.Prd;

namespace PmCopilot.Core.Documents;

/// <summary>Semantic Kernel face of document summaries; with no chat client the summary is extractive.</summary>
public sealed class DocumentPlugin(IChatClient? chat = null, IJobObserver? observer = null)
{
    [KernelFunction("summarize_document")]
    [Description("Summarizes a Markdown, text, PDF, Word (.docx) or HTML file with section references; returns Markdown.")]
    public async Task<string> SummarizeDocumentAsync(
        [Description("Path of the document.")] string path,
        [Description("Maximum number of summary sentences.")] int maxSentences = 8,
        [Description("Answer language: auto, zh or en.")] string language = "auto",
        CancellationToken cancellationToken = default) =>
        (await DocumentSummarizer.SummarizeAsync(new DocumentSummaryRequest(Path: path, MaxSentences: maxSentences, Language: PrdPlugin.ParseLanguage(language)), chat, observer, cancellationToken).ConfigureAwait(false)).ToMarkdown();

    [KernelFunction("summarize_text")]
    [Description("Summarizes text given inline (Markdown or plain) with section references; returns Markdown.")]
    public async Task<string> SummarizeTextAsync(
        [Description("The text to summarize.")] string text,
        [Description("Maximum number of summary sentences.")] int maxSentences = 8,
        CancellationToken cancellationToken = default) =>
        (await DocumentSummarizer.SummarizeAsync(new DocumentSummaryRequest(Text: text, MaxSentences: maxSentences), chat, observer, cancellationToken).ConfigureAwait(false)).ToMarkdown();
}
