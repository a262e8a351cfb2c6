using System.CommandLine;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using PmCopilot.Cli.Output;

namespace PmCopilot.Cli.Commands;

/// <summary>
/// <c>pmcopilot ask "PROMPT"</c>: sends a prompt straight to the configured model and streams the answer. No PM job,
/// no deterministic mode: it needs a model (exit 3 without one). Handy to check a model, and the plainest streaming path.
/// </summary>
internal static class AskCommand
{
    public static Command Create(CliApplication app)
    {
        var prompt = new Argument<string>("prompt") { Description = "What to ask (use - to read it from standard input)" };
        var system = new Option<string?>("--system") { Description = "System message" };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Most tokens to generate", DefaultValueFactory = _ => 512 };
        var temperature = new Option<float?>("--temperature") { Description = "Sampling temperature (0: greedy)" };
        var seed = new Option<long?>("--seed") { Description = "Sampling seed, for repeatable output" };
        var results = new ResultOptions(OutputFormat.Text);
        var command = new Command("ask", "Ask the configured model directly and stream its answer (needs a model)") { prompt, system, maxTokens, temperature, seed };
        results.AddTo(command);
        command.SetAction((parse, ct) => app.RunAsync(parse, ct, async (settings, console, token) =>
        {
            var text = parse.GetValue(prompt)!;
            if (text == "-")
            {
                text = await InputFiles.ReadStdinAsync(console.OpenInput(), token);
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                throw new Core.Jobs.JobInputException("The prompt is empty.");
            }

            if (parse.GetValue(maxTokens) is < 1 or > 1_000_000)
            {
                throw new Core.Jobs.JobInputException("--max-tokens must be between 1 and 1000000.");
            }

            if (settings.Provider.Value == Configuration.ProviderKind.Local && settings.Model.Value is null)
            {
                throw new ModelUnavailableException("ask needs a model. Get one: pmcopilot models pull qwen2.5-1.5b-instruct, then --model qwen2.5-1.5b-instruct.");
            }

            return await JobRunner.RunAsync(
                parse,
                results,
                settings,
                console,
                JobModelNeeds.Chat,
                async (runtime, observer, cancel) =>
                {
                    var messages = new List<ChatMessage>();
                    if (parse.GetValue(system) is { } systemText)
                    {
                        messages.Add(new ChatMessage(ChatRole.System, systemText));
                    }

                    messages.Add(new ChatMessage(ChatRole.User, text));
                    var options = new ChatOptions
                    {
                        MaxOutputTokens = parse.GetValue(maxTokens),
                        Temperature = parse.GetValue(temperature),
                        Seed = parse.GetValue(seed),
                    };
                    var answer = new StringBuilder();
                    ChatFinishReason? finish = null;
                    UsageDetails? usage = null;
                    await foreach (var update in runtime!.Chat.GetStreamingResponseAsync(messages, options, cancel))
                    {
                        answer.Append(update.Text);
                        observer.OnText(update.Text);
                        finish ??= update.FinishReason;
                        usage ??= update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details;
                    }

                    cancel.ThrowIfCancellationRequested();
                    return new AskResult(answer.ToString(), finish?.Value, usage?.InputTokenCount, usage?.OutputTokenCount);
                },
                (result, format) => format == OutputFormat.Json ? JsonSerializer.Serialize(result, CliJson.Options) : result.Text,
                token,
                streamIsResult: true);
        }));
        return command;
    }

    private sealed record AskResult(string Text, string? FinishReason, long? InputTokens, long? OutputTokens);
}
