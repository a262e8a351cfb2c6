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
        var file = new Argument<string>("file") { Description = "PRD or AI-feature spec in Markdown (use - for standard input)" };
        var format = new Option<OutputFormat>("--format", "-f") { Description = "text (default) or json", DefaultValueFactory = _ => OutputFormat.Text };
        var kind = new Option<string?>("--kind") { Description = "Lint as prd or ai-spec (default: detected)" };
        var command = new Command("prd-lint", "Check a PRD or AI-feature spec: missing/empty sections, untestable requirements, metrics without baseline or target…") { file, format, kind };
        command.SetAction((parse, ct) => app.RunAsync(parse, ct, async (_, console, token) =>
        {
            var path = parse.GetValue(file)!;
            var text = path == "-"
                ? await InputFiles.ReadStdinAsync(console.OpenInput(), token)
                : InputFiles.ReadText(path, console.WorkingDirectory);
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
