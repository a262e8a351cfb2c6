using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PmCopilot.Cli.Output;
using PmCopilot.Core.Faq;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Cli.Commands;

/// <summary>
/// <c>pmcopilot faq "QUESTION"</c>: answers from the AI/ML knowledge base (keyword + optional embedding retrieval);
/// with a model, the answer is written from the retrieved entries and its citations are checked.
/// </summary>
internal static class FaqCommand
{
    /// <summary>Questions are read whole but bounded: anything longer is refused before retrieval.</summary>
    public const int MaxQuestionBytes = 64 * 1024;

    public static Command Create(CliApplication app)
    {
        var question = new Argument<string>("question") { Description = "The question, in Chinese or English (- reads it from standard input)" };
        var top = new Option<int>("--top") { Description = $"Entries to retrieve (1-{FaqService.MaxTopK})", DefaultValueFactory = _ => 3 };
        var results = new ResultOptions(OutputFormat.Text);
        var command = new Command("faq", "Answer a question about AI, large models and product work from the knowledge base (works without a model)") { question, top };
        results.AddTo(command);
        command.SetAction((parse, ct) => app.RunAsync(parse, ct, async (settings, console, token) =>
        {
            var text = parse.GetValue(question)!;
            if (text == "-")
            {
                text = await InputFiles.ReadStdinAsync(console.OpenInput(), token);
            }

            if (Encoding.UTF8.GetByteCount(text) > MaxQuestionBytes)
            {
                throw new JobInputException($"The question is {Encoding.UTF8.GetByteCount(text) / 1024} KiB; ask in under {MaxQuestionBytes / 1024} KiB (a question, not a document: use 'summarize' for documents).");
            }

            var request = new FaqRequest(text, JobSettings.Language(settings), parse.GetValue(top));
            return await JobRunner.RunAsync(
                parse,
                results,
                settings,
                console,
                JobModelNeeds.ChatAndEmbeddings,
                (runtime, observer, cancel) => new FaqService().AnswerAsync(request, runtime?.Chat, runtime?.Embeddings, observer, cancel),
                Render,
                token);
        }));
        return command;
    }

    private static string Render(FaqAnswer answer, OutputFormat format)
    {
        if (format == OutputFormat.Json)
        {
            return JsonSerializer.Serialize(answer, CliJson.Options);
        }

        var zh = answer.Language == AnswerLanguage.Zh;
        var text = new StringBuilder();
        text.Append(answer.Answer.Trim()).Append("\n\n");
        if (answer.Citations.Count > 0)
        {
            text.Append(format == OutputFormat.Markdown ? (zh ? "**来源**\n\n" : "**Sources**\n\n") : (zh ? "来源：\n" : "Sources:\n"));
            foreach (var c in answer.Citations)
            {
                text.Append(CultureInfo.InvariantCulture, $"- {c.Title} [{c.Id}] ({c.Score:0.00})\n");
            }

            text.Append('\n');
        }

        if (answer.Suggestions.Count > 0)
        {
            text.Append(format == OutputFormat.Markdown ? (zh ? "**相关主题**\n\n" : "**Related topics**\n\n") : (zh ? "相关主题：\n" : "Related topics:\n"));
            foreach (var s in answer.Suggestions)
            {
                text.Append(CultureInfo.InvariantCulture, $"- {s.Title} [{s.Id}]\n");
            }

            text.Append('\n');
        }

        foreach (var note in answer.Notes)
        {
            text.Append(format == OutputFormat.Markdown ? "> " : "note: ").Append(note).Append('\n');
        }

        return text.ToString().TrimEnd() + "\n";
    }
}
