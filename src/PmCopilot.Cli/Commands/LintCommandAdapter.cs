using System.CommandLine;
using PmCopilot.Lint;

namespace PmCopilot.Cli.Commands;

/// <summary><c>pmcopilot lint PATH</c>: the PMC001–PMC012 analyzers over a file, folder, project or solution.</summary>
internal static class LintCommandAdapter
{
    public static Command Create(CliApplication app)
    {
        var path = new Argument<string>("path") { Description = "A .cs file, a folder, a .csproj or a .sln/.slnx" };
        var format = new Option<string>("--format", "-f") { Description = "text, json or sarif", DefaultValueFactory = _ => "text" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file (atomically)" };
        var command = new Command("lint", "Check ML/LLM code with the PmCopilot analyzers (PMC001-PMC012); exit 1 on findings") { path, format, output };
        command.SetAction((parse, ct) => app.RunAsync(parse, ct, (_, console, token) =>
        {
            var target = Path.GetFullPath(parse.GetValue(path)!, console.WorkingDirectory);
            var outputFile = parse.GetValue(output) is { } file ? Path.GetFullPath(file, console.WorkingDirectory) : null;
            return LintCommand.RunAsync(target, parse.GetValue(format)!, outputFile, console.Out, console.Error, token);
        }));
        return command;
    }
}
