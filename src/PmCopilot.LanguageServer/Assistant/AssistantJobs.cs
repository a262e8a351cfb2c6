using System.Text.Json;
using PmCopilot.Core.Documents;
using PmCopilot.Core.Faq;
using PmCopilot.Core.Feedback;
using PmCopilot.Core.Jobs;
using PmCopilot.Core.Prd;
using PmCopilot.LanguageServer.Documents;
using PmCopilot.LanguageServer.Server;

namespace PmCopilot.LanguageServer.Assistant;

/// <summary>The Core jobs behind <c>pmcopilot/*</c>: arguments from LSP shapes (URIs, open documents, selections), results as JSON.</summary>
internal sealed partial class AssistantService
{
    public Task<DocumentSummaryResult> SummarizeDocumentAsync(ServerState state, SummarizeDocumentParams parameters, CancellationToken cancellationToken)
    {
        var language = LanguageOf(parameters, state);
        var contextTokens = state.Settings.Assistant.ContextSize ?? 4096;
        DocumentSummaryRequest request;
        if (parameters.Uri is { } uri)
        {
            var fileName = Path.GetFileName(DocumentUris.ToFilePath(uri) ?? uri);
            if (state.Find(uri) is { } open)
            {
                // The editor's text, unsaved changes included; a selection narrows it.
                var text = parameters.Range is { } range ? open.Text.ToString(TextPositions.ToSpan(open.Text, range)) : open.Text.ToString();
                request = new DocumentSummaryRequest(Text: text, FileName: fileName, MaxSentences: parameters.MaxSentences ?? 8, Language: language);
            }
            else
            {
                if (parameters.Range is not null)
                {
                    throw new JobInputException("A range can be summarized only in a document open in the editor.");
                }

                request = new DocumentSummaryRequest(Path: RequireFilePath(uri), MaxSentences: parameters.MaxSentences ?? 8, Language: language);
            }
        }
        else if (parameters.Text is { } text)
        {
            request = new DocumentSummaryRequest(Text: text, FileName: parameters.FileName, MaxSentences: parameters.MaxSentences ?? 8, Language: language);
        }
        else
        {
            throw new JobInputException("Give either uri (a document, optionally with range) or text to summarize.");
        }

        return this.RunJobAsync(
            state,
            parameters,
            "Summarizing",
            async (model, observer, ct) =>
            {
                var summary = await DocumentSummarizer.SummarizeAsync(request with { ContextTokens = contextTokens }, model?.Chat, observer, ct).ConfigureAwait(false);
                return new DocumentSummaryResult(summary, summary.ToMarkdown());
            },
            cancellationToken);
    }

    public Task<FeedbackResult> SummarizeFeedbackAsync(ServerState state, SummarizeFeedbackParams parameters, CancellationToken cancellationToken)
    {
        var columns = parameters.TextColumn is null && parameters.DateColumn is null && parameters.RatingColumn is null
            ? null
            : new FeedbackColumns(parameters.TextColumn, parameters.DateColumn, parameters.RatingColumn);
        var language = LanguageOf(parameters, state);
        FeedbackRequest request;
        if (parameters.Uri is { } uri)
        {
            var path = DocumentUris.ToFilePath(uri);
            var format = parameters.Format ?? FormatFromExtension(path ?? uri);
            request = state.Find(uri) is { } open
                ? new FeedbackRequest(Content: open.Text.ToString(), FormatHint: format, Columns: columns, Language: language, MaxThemes: parameters.MaxThemes ?? 8)
                : new FeedbackRequest(Path: RequireFilePath(uri), FormatHint: parameters.Format, Columns: columns, Language: language, MaxThemes: parameters.MaxThemes ?? 8);
        }
        else if (parameters.Text is { } text)
        {
            request = new FeedbackRequest(Content: text, FormatHint: parameters.Format, Columns: columns, Language: language, MaxThemes: parameters.MaxThemes ?? 8);
        }
        else
        {
            throw new JobInputException("Give uri (a feedback file: csv, tsv, xlsx, json, jsonl or text) or text.");
        }

        return this.RunJobAsync(
            state,
            parameters,
            "Analyzing feedback",
            async (model, observer, ct) => new FeedbackResult(await FeedbackAnalyzer.AnalyzeAsync(request, model?.Chat, observer, ct).ConfigureAwait(false)),
            cancellationToken);
    }

    public Task<PrdDraft> DraftAsync(ServerState state, DraftParams parameters, DraftKind kind, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(parameters.Idea))
        {
            throw new JobInputException("idea is required: describe the product or AI feature in a sentence.");
        }

        var contextFiles = parameters.ContextUris?.Select(RequireFilePath).ToList();
        var request = new DraftRequest(parameters.Idea, kind, contextFiles, LanguageOf(parameters, state))
        {
            ContextTokens = state.Settings.Assistant.ContextSize ?? 4096,
        };
        return this.RunJobAsync(
            state,
            parameters,
            kind == DraftKind.AiSpec ? "Drafting AI spec" : "Drafting PRD",
            (model, observer, ct) => PrdDrafter.DraftAsync(request, model?.Chat, observer, ct),
            cancellationToken);
    }

    public Task<FaqAnswer> FaqAsync(ServerState state, FaqParams parameters, CancellationToken cancellationToken)
    {
        var request = new FaqRequest(parameters.Question ?? string.Empty, LanguageOf(parameters, state), parameters.TopK ?? 3);
        var service = this.FaqServiceFor(state);
        return this.RunJobAsync(
            state,
            parameters,
            "Answering",
            (model, observer, ct) => service.AnswerAsync(request, model?.Chat, model?.Embeddings, observer, ct),
            cancellationToken);
    }

    /// <summary>The embedded knowledge base, or the JSON knowledge base named by the <c>faq.knowledgeBase</c> setting (cached per file and write time).</summary>
    private FaqService FaqServiceFor(ServerState state)
    {
        var configured = state.Settings.KnowledgeBase;
        if (configured is null)
        {
            return this.defaultFaq ??= new FaqService();
        }

        var path = Path.IsPathRooted(configured) || state.WorkspaceRoot is null ? Path.GetFullPath(configured) : Path.GetFullPath(configured, state.WorkspaceRoot);
        if (!File.Exists(path))
        {
            throw new JobInputException($"pmcopilot.faq.knowledgeBase '{path}' does not exist (it takes a JSON file in the format of the built-in FAQ data; see docs/faq.md).");
        }

        var key = (path, File.GetLastWriteTimeUtc(path));
        lock (this.faqGate)
        {
            if (this.customFaq is { } cached && cached.Key == key)
            {
                return cached.Service;
            }

            FaqKnowledgeBase knowledgeBase;
            try
            {
                knowledgeBase = FaqKnowledgeBase.Parse(File.ReadAllText(path));
            }
            catch (FormatException ex)
            {
                throw new JobInputException($"pmcopilot.faq.knowledgeBase '{path}' is not a usable knowledge base: {ex.Message}");
            }

            var service = new FaqService(new FaqRetriever(knowledgeBase));
            this.customFaq = (key, service);
            return service;
        }
    }

    private static AnswerLanguage LanguageOf(JobParams parameters, ServerState state) => parameters.Language?.ToLowerInvariant() switch
    {
        null => state.Settings.Assistant.Language,
        "zh" => AnswerLanguage.Zh,
        "en" => AnswerLanguage.En,
        "auto" => AnswerLanguage.Auto,
        var other => throw new JobInputException($"Unknown language '{other}': use auto, zh or en."),
    };

    private static string RequireFilePath(string uri) =>
        DocumentUris.ToFilePath(uri) ?? throw new JobInputException($"'{uri}' is not a file: save it first, or send its text.");

    private static string? FormatFromExtension(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" => "csv",
        ".tsv" => "tsv",
        ".json" => "json",
        ".jsonl" or ".ndjson" => "jsonl",
        ".txt" or ".md" => "text",
        _ => null,
    };
}

/// <summary>What every job request may carry besides its own arguments.</summary>
public record JobParams
{
    /// <summary><c>auto</c>, <c>zh</c> or <c>en</c>; absent = the <c>pmcopilot.language</c> setting.</summary>
    public string? Language { get; init; }

    public JsonElement? PartialResultToken { get; init; }

    public JsonElement? WorkDoneToken { get; init; }
}

public sealed record SummarizeDocumentParams : JobParams
{
    public string? Uri { get; init; }

    public Protocol.Range? Range { get; init; }

    public string? Text { get; init; }

    public string? FileName { get; init; }

    public int? MaxSentences { get; init; }
}

public sealed record SummarizeFeedbackParams : JobParams
{
    public string? Uri { get; init; }

    public string? Text { get; init; }

    public string? Format { get; init; }

    public string? TextColumn { get; init; }

    public string? DateColumn { get; init; }

    public string? RatingColumn { get; init; }

    public int? MaxThemes { get; init; }
}

public sealed record DraftParams : JobParams
{
    public string? Idea { get; init; }

    public IReadOnlyList<string>? ContextUris { get; init; }
}

public sealed record FaqParams : JobParams
{
    public string? Question { get; init; }

    /// <summary>1–10 entries to ground the answer on (default 3).</summary>
    public int? TopK { get; init; }
}

public sealed record DocumentSummaryResult(DocumentSummary Summary, string Markdown);

public sealed record FeedbackResult(FeedbackReport Report);

/// <summary>Job progress as one work-done bar; generated text as partial results.</summary>
internal sealed class LspJobObserver(ProgressChannel? partial, WorkDoneProgress? work) : IJobObserver
{
    public void OnProgress(JobProgress progress)
    {
        double? fraction = progress is { Done: { } done, Total: > 0 } ? (double)done / progress.Total.Value : null;
        work?.Report(progress.Message ?? progress.Stage, fraction);
    }

    public void OnText(string delta)
    {
        if (!string.IsNullOrEmpty(delta))
        {
            partial?.Report(new TextDelta(delta));
        }
    }
}
