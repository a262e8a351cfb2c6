using System.CommandLine;
using PmCopilot.Cli.Output;
using PmCopilot.Core.Feedback;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Cli.Commands;

/// <summary><c>pmcopilot feedback FILE</c>: themes, sentiment, duplicates and trends in user feedback (CSV, TSV, Excel .xlsx, JSON, JSONL, text).</summary>
internal static class FeedbackCommand
{
    public static Command Create(CliApplication app)
    {
        var input = new Argument<string>("file") { Description = "Feedback file: .csv .tsv .xlsx .json .jsonl or text with one item per line (- for standard input)" };
        var textColumn = new Option<string?>("--text-column") { Description = "Column (header name or 1-based number) holding the feedback text; detected when omitted" };
        var dateColumn = new Option<string?>("--date-column") { Description = "Column holding the date" };
        var ratingColumn = new Option<string?>("--rating-column") { Description = "Column holding a rating" };
        var formatHint = new Option<string?>("--input-format") { Description = "csv, tsv, xlsx, json, jsonl or text (default: from the extension, then the content)" };
        var maxThemes = new Option<int>("--themes") { Description = "Most themes to report (1-50)", DefaultValueFactory = _ => 8 };
        var results = new ResultOptions();
        var command = new Command("feedback", "Analyze user feedback: themes, sentiment, duplicates, trends, quotes (works without a model)") { input, textColumn, dateColumn, ratingColumn, formatHint, maxThemes };
        results.AddTo(command);
        command.SetAction((parse, ct) => app.RunAsync(parse, ct, async (settings, console, token) =>
        {
            var target = parse.GetValue(input)!;
            if (parse.GetValue(maxThemes) is < 1 or > 50)
            {
                throw new JobInputException("--themes must be between 1 and 50.");
            }

            var columns = new FeedbackColumns(parse.GetValue(textColumn), parse.GetValue(dateColumn), parse.GetValue(ratingColumn));
            FeedbackRequest request;
            if (target == "-")
            {
                var text = await InputFiles.ReadStdinAsync(console.OpenInput(), token);
                request = new FeedbackRequest(Content: text, FormatHint: parse.GetValue(formatHint), Columns: columns, Language: JobSettings.Language(settings), MaxThemes: parse.GetValue(maxThemes));
            }
            else
            {
                var path = InputFiles.ResolveExistingFile(target, console.WorkingDirectory, "feedback file (.csv, .tsv, .xlsx, .json, .jsonl, .txt)");
                request = new FeedbackRequest(Path: path, FormatHint: parse.GetValue(formatHint), Columns: columns, Language: JobSettings.Language(settings), MaxThemes: parse.GetValue(maxThemes));
            }

            return await JobRunner.RunAsync(
                parse,
                results,
                settings,
                console,
                JobModelNeeds.Chat,
                (runtime, observer, cancel) => FeedbackAnalyzer.AnalyzeAsync(request, runtime?.Chat, observer, cancel),
                (report, format) => format switch
                {
                    OutputFormat.Json => report.ToJson(),
                    OutputFormat.Text => PlainText.FromMarkdown(report.ToMarkdown()),
                    _ => report.ToMarkdown(),
                },
                token);
        }));
        return command;
    }
}
