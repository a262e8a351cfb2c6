using System.Text.Json;
using PmCopilot.LanguageServer.Configuration;
using PmCopilot.LanguageServer.Tests.Infrastructure;
using StreamJsonRpc;

namespace PmCopilot.LanguageServer.Tests;

/// <summary>The Core jobs over LSP, in their deterministic modes (no model) and with a fake model for streaming.</summary>
public sealed class JobTests : IDisposable
{
    private const string Document = """
        # Checkout redesign review

        ## Findings

        Shoppers abandon the checkout when shipping costs appear late. The survey of 400 shoppers ranked surprise fees first.
        Mobile users struggle with the address form because the keyboard hides the postcode field.

        ## Decisions

        We will show shipping costs on the product page. The address form moves to a single column on mobile.
        Guest checkout stays, but it asks for an email address first so carts can be recovered.
        """;

    private const string Feedback = """
        id,text,rating
        1,The app crashes when I upload a photo,1
        2,Crashes every time I attach a picture,1
        3,Love the new dark mode,5
        4,Dark mode is great on my phone,5
        5,Search is too slow to find old orders,2
        6,Searching my order history takes forever,2
        """;

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("pmc-lsp-jobs-");

    public void Dispose() => this.folder.Delete(recursive: true);

    [Fact]
    public async Task Summarize_an_open_document_its_selection_a_file_or_text()
    {
        await using var client = await LspTestClient.StartAsync();
        var uri = new Uri(Path.Combine(this.folder.FullName, "review.md")).AbsoluteUri;
        await client.OpenAsync(uri, "markdown", Document);

        var whole = await client.RequestAsync("pmcopilot/summarizeDocument", new { uri });
        Assert.Equal("extractive", whole.GetProperty("summary").GetProperty("mode").GetString());
        Assert.Contains("Checkout redesign review", whole.GetProperty("markdown").GetString());

        var selection = await client.RequestAsync("pmcopilot/summarizeDocument", new
        {
            uri,
            range = new { start = new { line = 8, character = 0 }, end = new { line = 11, character = 0 } },
        });
        var selected = selection.GetProperty("summary").GetProperty("summary").GetString()!;
        Assert.DoesNotContain("survey", selected, StringComparison.OrdinalIgnoreCase);

        var file = Path.Combine(this.folder.FullName, "on-disk.md");
        await File.WriteAllTextAsync(file, Document, TestContext.Current.CancellationToken);
        var fromDisk = await client.RequestAsync("pmcopilot/summarizeDocument", new { uri = new Uri(file).AbsoluteUri });
        Assert.Equal(whole.GetProperty("summary").GetProperty("summary").GetString(), fromDisk.GetProperty("summary").GetProperty("summary").GetString());

        var fromText = await client.RequestAsync("pmcopilot/summarizeDocument", new { text = Document, fileName = "notes.md" });
        Assert.False(string.IsNullOrWhiteSpace(fromText.GetProperty("summary").GetProperty("summary").GetString()));
    }

    [Fact]
    public async Task Bad_job_input_is_InvalidParams_with_the_jobs_message()
    {
        await using var client = await LspTestClient.StartAsync();
        var neither = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => client.RequestAsync("pmcopilot/summarizeDocument", new { }));
        Assert.Equal(-32602, (int)neither.ErrorCode);
        var empty = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => client.RequestAsync("pmcopilot/summarizeDocument", new { text = "   " }));
        Assert.Contains("empty", empty.Message);
        var missing = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => client.RequestAsync("pmcopilot/summarizeFeedback", new { uri = new Uri(Path.Combine(this.folder.FullName, "nope.csv")).AbsoluteUri }));
        Assert.Equal(-32602, (int)missing.ErrorCode);
        var noIdea = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => client.RequestAsync("pmcopilot/draftPrd", new { idea = "" }));
        Assert.Equal(-32602, (int)noIdea.ErrorCode);
        var language = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => client.RequestAsync("pmcopilot/draftPrd", new { idea = "x", language = "fr" }));
        Assert.Contains("fr", language.Message);
    }

    [Fact]
    public async Task Summarize_feedback_from_an_open_file_or_text()
    {
        await using var client = await LspTestClient.StartAsync();
        var uri = new Uri(Path.Combine(this.folder.FullName, "feedback.csv")).AbsoluteUri;
        await client.OpenAsync(uri, "csv", Feedback);
        var result = await client.RequestAsync("pmcopilot/summarizeFeedback", new { uri });
        var report = result.GetProperty("report");
        Assert.Equal(6, report.GetProperty("totalItems").GetInt32());
        Assert.NotEqual(0, report.GetProperty("themes").GetArrayLength());

        var fromText = await client.RequestAsync("pmcopilot/summarizeFeedback", new { text = Feedback, format = "csv" });
        Assert.Equal(6, fromText.GetProperty("report").GetProperty("totalItems").GetInt32());
    }

    [Fact]
    public async Task Draft_prd_and_spec_without_a_model_return_templates_filled_from_the_idea()
    {
        await using var client = await LspTestClient.StartAsync();
        var prd = await client.RequestAsync("pmcopilot/draftPrd", new { idea = "Saved carts that follow shoppers across devices" });
        Assert.Contains("Saved carts", prd.GetProperty("markdown").GetString());
        Assert.NotEqual("model", prd.GetProperty("mode").GetString());
        var spec = await client.RequestAsync("pmcopilot/draftSpec", new { idea = "AI summaries of long support tickets", language = "en" });
        Assert.Equal("aiSpec", spec.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Faq_answers_from_the_knowledge_base_without_a_model()
    {
        await using var client = await LspTestClient.StartAsync();
        var answer = await client.RequestAsync("pmcopilot/faq", new { question = "How do I handle class imbalance?" });
        Assert.False(string.IsNullOrWhiteSpace(answer.GetProperty("answer").GetString()));
        Assert.Equal(JsonValueKind.String, answer.GetProperty("mode").ValueKind);
        Assert.Equal(JsonValueKind.Array, answer.GetProperty("citations").ValueKind);
        var zh = await client.RequestAsync("pmcopilot/faq", new { question = "如何评估模型效果？" });
        Assert.Equal("zh", zh.GetProperty("language").GetString());

        var empty = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => client.RequestAsync("pmcopilot/faq", new { question = " " }));
        Assert.Equal(-32602, (int)empty.ErrorCode);
        await client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { pmcopilot = new { faq = new { knowledgeBase = "/nonexistent/kb.json" } } } });
        var badKb = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => client.RequestAsync("pmcopilot/faq", new { question = "What is a large model?" }));
        Assert.Contains("kb.json", badKb.Message);
    }

    [Fact]
    public async Task A_job_with_a_model_streams_partial_results_and_reports_progress()
    {
        var loader = new FakeModelLoader(_ => new FakeChatClient { Tokens = 4 });
        var options = new LanguageServerOptions
        {
            Settings = new ServerSettings { Assistant = new AssistantSettings { ModelPath = "/models/fake.gguf" } },
            ModelLoader = loader.LoadAsync,
        };
        await using var client = await LspTestClient.StartAsync(options, capabilities: new { window = new { workDoneProgress = true } });
        var draft = await client.RequestAsync("pmcopilot/draftPrd", new { idea = "Reorder reminders for repeat purchases", partialResultToken = "draft-1", workDoneToken = "work-1" });
        Assert.Single(loader.Loads);
        var deltas = client.Progress.Where(p => p.GetProperty("token").ToString() == "draft-1").ToList();
        Assert.NotEmpty(deltas);
        Assert.All(deltas, d => Assert.Equal(JsonValueKind.String, d.GetProperty("value").GetProperty("delta").ValueKind));
        var work = client.Progress.Where(p => p.GetProperty("token").ToString() == "work-1").Select(p => p.GetProperty("value").GetProperty("kind").GetString()).ToList();
        Assert.Equal("begin", work.First());
        Assert.Equal("end", work.Last());
        Assert.Equal(JsonValueKind.String, draft.GetProperty("markdown").ValueKind);
    }

    [Fact]
    public async Task A_long_job_can_be_cancelled()
    {
        var loader = new FakeModelLoader(_ => new FakeChatClient { Endless = true, Delay = TimeSpan.FromMilliseconds(10) });
        var options = new LanguageServerOptions
        {
            Settings = new ServerSettings { Assistant = new AssistantSettings { ModelPath = "/models/fake.gguf" } },
            ModelLoader = loader.LoadAsync,
        };
        await using var client = await LspTestClient.StartAsync(options);
        using var cancel = new CancellationTokenSource();
        var draft = client.RequestAsync("pmcopilot/draftPrd", new { idea = "Reorder reminders", partialResultToken = "d" }, cancel.Token);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!client.Progress.Any(p => p.GetProperty("token").ToString() == "d") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.NotEmpty(client.Progress);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => draft);
        var status = await client.RequestAsync("pmcopilot/modelStatus", new { });
        Assert.Equal("ready", status.GetProperty("state").GetString());
    }
}
