using System.CommandLine;
using System.Text;
using System.Text.Json;
using PmCopilot.Cli.Configuration;
using PmCopilot.Cli.Output;
using PmCopilot.Core.Documents;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Cli.Commands;

/// <summary>
/// <c>pmcopilot summarize FILE|FOLDER|-</c>: the main job. A folder summarizes each supported document in it (files
/// that cannot be read are reported and skipped); <c>-</c> reads text from standard input.
/// </summary>
internal static class SummarizeCommand
{
    public static readonly string[] SupportedExtensions = [".md", ".markdown", ".txt", ".text", ".html", ".htm", ".pdf", ".docx", ".pptx"];

    public static Command Create(CliApplication app)
    {
        var input = new Argument<string>("input") { Description = "A document (.md .txt .html .pdf .docx .pptx), a folder of them, or - for standard input" };
        var sentences = new Option<int>("--sentences") { Description = "Key sentences in the summary (1-100)", DefaultValueFactory = _ => 8 };
        var results = new ResultOptions();
        var command = new Command("summarize", "Summarize a document or every document in a folder (works without a model: extractive mode)") { input, sentences };
        results.AddTo(command);
        command.SetAction((parse, ct) => app.RunAsync(parse, ct, async (settings, console, token) =>
        {
            var target = parse.GetValue(input)!;
            var maxSentences = parse.GetValue(sentences);
            if (maxSentences is < 1 or > 100)
            {
                throw new JobInputException("--sentences must be between 1 and 100.");
            }

            var language = JobSettings.Language(settings);
            var contextTokens = settings.ContextSize.Value ?? RuntimeHost.DefaultContextSize;
            List<(string Name, DocumentSummaryRequest Request)> requests;
            if (target == "-")
            {
                var text = await InputFiles.ReadStdinAsync(console.OpenInput(), token);
                requests = [("<stdin>", new DocumentSummaryRequest(Text: text, FileName: "stdin.md", MaxSentences: maxSentences, Language: language) { ContextTokens = contextTokens })];
            }
            else
            {
                var full = Path.GetFullPath(target, console.WorkingDirectory);
                if (Directory.Exists(full))
                {
                    var files = FindDocuments(full);
                    if (files.Count == 0)
                    {
                        throw new JobInputException($"{target} has no supported documents ({string.Join(' ', SupportedExtensions)}).");
                    }

                    requests = files.Select(f => (Path.GetRelativePath(console.WorkingDirectory, f), new DocumentSummaryRequest(Path: f, MaxSentences: maxSentences, Language: language) { ContextTokens = contextTokens })).ToList();
                }
                else if (File.Exists(full))
                {
                    requests = [(target, new DocumentSummaryRequest(Path: full, MaxSentences: maxSentences, Language: language) { ContextTokens = contextTokens })];
                }
                else
                {
                    throw new JobInputException($"{target} does not exist.");
                }
            }

            var failures = new List<string>();
            var exit = await JobRunner.RunAsync(
                parse,
                results,
                settings,
                console,
                JobModelNeeds.Chat,
                async (runtime, observer, cancel) =>
                {
                    var done = new List<(string Name, DocumentSummary Summary)>();
                    var textObserver = runtime is null ? new ProgressOnly(observer) : observer;
                    foreach (var (name, request) in requests)
                    {
                        try
                        {
                            done.Add((name, await DocumentSummarizer.SummarizeAsync(request, runtime?.Chat, textObserver, cancel)));
                        }
                        catch (JobInputException ex) when (requests.Count > 1)
                        {
                            failures.Add($"{name}: {ex.Message}");
                        }
                    }

                    return done;
                },
                (done, format) => Render(done, format, requests.Count > 1),
                token);

            foreach (var failure in failures)
            {
                console.Warn("skipped " + failure);
            }

            return exit == ExitCodes.Success && failures.Count == requests.Count ? ExitCodes.BadInput : exit;
        }));
        return command;
    }

    internal static List<string> FindDocuments(string folder)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System, IgnoreInaccessible = true };
        return Directory.EnumerateFiles(folder, "*", options)
            .Where(f => SupportedExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.') || part is "node_modules" or "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static string Render(List<(string Name, DocumentSummary Summary)> done, OutputFormat format, bool many)
    {
        if (format == OutputFormat.Json)
        {
            return many
                ? JsonSerializer.Serialize(done.Select(d => new { file = d.Name, summary = d.Summary }), CliJson.Options)
                : JsonSerializer.Serialize(done.Single().Summary, CliJson.Options);
        }

        var text = new StringBuilder();
        foreach (var (name, summary) in done)
        {
            if (many)
            {
                text.Append(format == OutputFormat.Markdown ? $"<!-- {name} -->\n" : $"=== {name} ===\n");
            }

            var markdown = summary.ToMarkdown();
            text.Append(format == OutputFormat.Text ? PlainText.FromMarkdown(markdown) : markdown);
            if (!markdown.EndsWith('\n'))
            {
                text.Append('\n');
            }

            if (many)
            {
                text.Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>In extractive mode the "generated" text is the final summary itself: show progress, do not stream it twice.</summary>
    private sealed class ProgressOnly(IJobObserver inner) : IJobObserver
    {
        public void OnProgress(JobProgress progress) => inner.OnProgress(progress);

        public void OnText(string delta)
        {
        }
    }
}

internal static class JobSettings
{
    public static AnswerLanguage Language(CliSettings settings) => settings.Language.Value switch
    {
        "zh" => AnswerLanguage.Zh,
        "en" => AnswerLanguage.En,
        _ => AnswerLanguage.Auto,
    };
}

/// <summary>Markdown made readable as plain text: heading marks and emphasis removed, lists and paragraphs kept.</summary>
internal static class PlainText
{
    public static string FromMarkdown(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            var trimmed = line.TrimStart();
            var stripped = trimmed.StartsWith('#') ? trimmed.TrimStart('#').TrimStart() : line;
            if (trimmed.StartsWith("<!--", StringComparison.Ordinal) && trimmed.EndsWith("-->", StringComparison.Ordinal))
            {
                continue;
            }

            stripped = stripped.Replace("**", "", StringComparison.Ordinal).Replace("__", "", StringComparison.Ordinal);
            text.Append(stripped).Append('\n');
        }

        return text.ToString();
    }
}
