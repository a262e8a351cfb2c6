using System.CommandLine;

namespace PmCopilot.Cli.Commands;

/// <summary>The PM jobs: summarize, feedback, faq, prd, spec, prd-lint, lint, serve.</summary>
internal static class JobCommands
{
    public static IEnumerable<Command> Create(CliApplication app)
    {
        yield return SummarizeCommand.Create(app);
        yield return FeedbackCommand.Create(app);
        yield return FaqCommand.Create(app);
        yield return DraftCommands.CreatePrd(app);
        yield return DraftCommands.CreateSpec(app);
        yield return PrdLintCommand.Create(app);
        yield return LintCommandAdapter.Create(app);
        yield return ServeCommand.Create(app);
        yield return AskCommand.Create(app);
    }
}
