using System.CommandLine;
using System.Text.Json;
using PmCopilot.Cli.Output;
using PmCopilot.Core.Jobs;
using PmCopilot.Core.Prd;

namespace PmCopilot.Cli.Commands;

/// <summary><c>pmcopilot prd "IDEA"</c> and <c>pmcopilot spec "AI FEATURE IDEA"</c>: first drafts from the template.</summary>
internal static class DraftCommands
{
    public static Command CreatePrd(CliApplication app) => Create(app, "prd", DraftKind.Prd,
        "Draft a PRD from a one-line idea (without a model: the template filled from the idea and context, with guiding questions)");

    public static Command CreateSpec(CliApplication app) => Create(app, "spec", DraftKind.AiSpec,
        "Draft an AI-feature spec (hypothesis, model and data, evaluation, failure modes, latency and cost, monitoring)");

    private static Command Create(CliApplication app, string name, DraftKind kind, string description)
    {
        var idea = new Argument<string>("idea") { Description = "The idea in a sentence (- reads it from standard input)" };
        var context = new Option<string[]>("--context", "-c") { Description = "Files with background (research notes, feedback, earlier docs); repeat or list several", AllowMultipleArgumentsPerToken = true };
        var maxTokens = new Option<int?>("--max-tokens") { Description = "Cap on tokens the model writes per section" };
        var results = new ResultOptions();
        var command = new Command(name, description) { idea, context, maxTokens };
        results.AddTo(command);
        command.SetAction((parse, ct) => app.RunAsync(parse, ct, async (settings, console, token) =>
        {
            var text = parse.GetValue(idea)!;
            if (text == "-")
            {
                text = await InputFiles.ReadStdinAsync(console.OpenInput(), token);
            }

            var contextFiles = (parse.GetValue(context) ?? [])
                .Select(f => InputFiles.ResolveExistingFile(f, console.WorkingDirectory, "context file"))
                .ToList();
            if (parse.GetValue(maxTokens) is < 1)
            {
                throw new JobInputException("--max-tokens must be at least 1.");
            }

            var request = new DraftRequest(text, kind, contextFiles, JobSettings.Language(settings))
            {
                ContextTokens = settings.ContextSize.Value ?? RuntimeHost.DefaultContextSize,
                MaxOutputTokens = parse.GetValue(maxTokens),
            };
            return await JobRunner.RunAsync(
                parse,
                results,
                settings,
                console,
                JobModelNeeds.Chat,
                (runtime, observer, cancel) => PrdDrafter.DraftAsync(request, runtime?.Chat, runtime is null ? new TextIgnored(observer) : observer, cancel),
                (draft, format) => format switch
                {
                    OutputFormat.Json => JsonSerializer.Serialize(draft, CliJson.Options),
                    _ => draft.Markdown,
                },
                token,
                streamIsResult: true);
        }));
        return command;
    }

    /// <summary>Without a model the draft is instant; streaming it would only print it twice.</summary>
    private sealed class TextIgnored(IJobObserver inner) : IJobObserver
    {
        public void OnProgress(JobProgress progress) => inner.OnProgress(progress);

        public void OnText(string delta)
        {
        }
    }
}
