using System.CommandLine;
using System.Text.Json;
using PmCopilot.Cli.Output;
using PmCopilot.Core.Prd;

namespace PmCopilot.Cli.Commands;

/// <summary><c>pmcopilot prd-lint FILE.md</c>: the deterministic PRD / AI-spec checks. Exit 1 when a warning or error is found.</summary>
internal static class PrdLintCommand
{
    public static Command Create(CliApplication app)
    {
        var file = new Argument<string>("file") { Description = "PRD or AI-feature spec in Markdown or Word .docx (use - for standard input)" };
        var printMarkdown = new Option<bool>("--markdown") { Description = "Print the Markdown a .docx is read as (the text the line numbers refer to) instead of checking it" };
        var format = new Option<OutputFormat>("--format", "-f") { Description = "text (default) or json", DefaultValueFactory = _ => OutputFormat.Text };
        var kind = new Option<string?>("--kind") { Description = "Lint as prd or ai-spec (default: detected)" };
        var command = new Command("prd-lint", "Check a PRD or AI-feature spec: missing/empty sections, untestable requirements, metrics without baseline or target…") { file, format, kind, printMarkdown };
        command.SetAction((parse, ct) => app.RunAsync(parse, ct, async (_, console, token) =>
        {
            var path = parse.GetValue(file)!;
            string text;
            if (path == "-")
            {
                text = await InputFiles.ReadStdinAsync(console.OpenInput(), token);
            }
            else if (Path.GetExtension(path).Equals(".docx", StringComparison.OrdinalIgnoreCase))
            {
                // Word has no line numbers: the findings point into the Markdown the document reads as.
                text = Core.Documents.DocumentReader.WordToMarkdown(InputFiles.ResolveExistingFile(path, console.WorkingDirectory));
                if (!parse.GetValue(printMarkdown))
                {
                    console.Info($"{path}: read as Markdown from its Word styles; line numbers refer to that text (--markdown prints it).");
                }
            }
            else
            {
                text = InputFiles.ReadText(path, console.WorkingDirectory);
            }

            if (parse.GetValue(printMarkdown))
            {
                console.Out.Write(text);
                return ExitCodes.Success;
            }

            var options = new PrdLintOptions
            {
                Kind = parse.GetValue(kind)?.ToLowerInvariant() switch
                {
                    null => null,
                    "prd" => DraftKind.Prd,
                    "ai-spec" or "spec" or "aispec" => DraftKind.AiSpec,
                    var other => throw new Core.Jobs.JobInputException($"--kind '{other}' is not prd or ai-spec."),
                },
            };
            var diagnostics = PrdLinter.Lint(text, options);
            var shown = path == "-" ? "<stdin>" : path;

            if (parse.GetValue(format) == OutputFormat.Json)
            {
                console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    file = shown,
                    diagnostics = diagnostics.Select(d => new
                    {
                        code = d.Code,
                        severity = d.Severity.ToString().ToLowerInvariant(),
                        message = d.Message,
                        line = d.StartLine + 1,
                        column = d.StartColumn + 1,
                        range = new { start = new { line = d.StartLine, character = d.StartColumn }, end = new { line = d.EndLine, character = d.EndColumn } },
                        fix = d.Fix is null ? null : new { title = d.Fix.Title, line = d.Fix.Line, text = d.Fix.Text },
                    }),
                }, CliJson.Options));
            }
            else
            {
                foreach (var d in diagnostics)
                {
                    console.Out.WriteLine($"{shown}:{d.StartLine + 1}:{d.StartColumn + 1}: {d.Severity.ToString().ToLowerInvariant()} {d.Code}: {d.Message}");
                }

                var problems = diagnostics.Count(d => d.Severity != PrdSeverity.Info);
                console.Info(diagnostics.Count == 0 ? $"{shown}: no findings" : $"{shown}: {problems} problem(s), {diagnostics.Count - problems} suggestion(s)");
            }

            return diagnostics.Any(d => d.Severity != PrdSeverity.Info) ? ExitCodes.Findings : ExitCodes.Success;
        }));
        return command;
    }
}
