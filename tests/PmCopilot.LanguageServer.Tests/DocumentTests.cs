using System.Text.Json;
using PmCopilot.LanguageServer.Tests.Infrastructure;
using StreamJsonRpc;

namespace PmCopilot.LanguageServer.Tests;

public sealed class DocumentTests : IDisposable
{
    private const string Uri = "file:///work/notes.txt";
    private readonly string rulesDirectory = Directory.CreateTempSubdirectory("pmc-rules-").FullName;

    public DocumentTests()
    {
        File.WriteAllText(Path.Combine(this.rulesDirectory, "PMC001.md"), "# PMC001\n\n## Why it matters\n\nUnfinished work hides bugs.\n\n## How to fix\n\nFinish it.\n\n## Example\n\ncode\n");
    }

    public void Dispose() => Directory.Delete(this.rulesDirectory, recursive: true);

    private LanguageServerOptions Options(TodoDiagnosticSource? source = null) => new()
    {
        DiagnosticSources = [source ?? new TodoDiagnosticSource()],
        RulesDirectory = this.rulesDirectory,
    };

    [Fact]
    public async Task Incremental_edits_are_applied_in_order_and_diagnostics_pushed_per_version()
    {
        await using var client = await LspTestClient.StartAsync(this.Options());
        await client.OpenAsync(Uri, "plaintext", "a TODO b\nsecond line\n");
        var first = await client.WaitForDiagnosticsAsync(Uri, 1);
        var only = Assert.Single(first.Diagnostics);
        Assert.Equal(("PMC001", 0, 2, 0, 6), (only.Code, only.Range.Start.Line, only.Range.Start.Character, only.Range.End.Line, only.Range.End.Character));

        // Two edits in one notification, the second relative to the result of the first.
        await client.ChangeAsync(Uri, 2, LspTestClient.Edit(0, 2, 0, 6, "done"), LspTestClient.Edit(1, 0, 1, 0, "x TODO "));
        var second = await client.WaitForDiagnosticsAsync(Uri, 2);
        only = Assert.Single(second.Diagnostics);
        Assert.Equal((1, 2, 1, 6), (only.Range.Start.Line, only.Range.Start.Character, only.Range.End.Line, only.Range.End.Character));

        // A change with no range replaces the whole text.
        await client.ChangeAsync(Uri, 3, new { text = "TODO TODO" });
        var third = await client.WaitForDiagnosticsAsync(Uri, 3);
        Assert.Equal(2, third.Diagnostics.Count);

        await client.NotifyAsync("textDocument/didClose", new { textDocument = new { uri = Uri } });
        var closed = await client.WaitForDiagnosticsAsync(Uri);
        Assert.Empty(closed.Diagnostics);
    }

    [Fact]
    public async Task Utf16_positions_and_crlf_lines_are_honoured()
    {
        await using var client = await LspTestClient.StartAsync(this.Options());
        await client.OpenAsync(Uri, "plaintext", "😀 é\r\nTODO\r\n");
        var first = await client.WaitForDiagnosticsAsync(Uri, 1);
        Assert.Equal(1, Assert.Single(first.Diagnostics).Range.Start.Line);

        // Insert after the emoji (2 UTF-16 units) on line 0.
        await client.ChangeAsync(Uri, 2, LspTestClient.Edit(0, 2, 0, 2, "TODO"));
        var second = await client.WaitForDiagnosticsAsync(Uri, 2);
        Assert.Contains(second.Diagnostics, d => d.Range.Start.Line == 0 && d.Range.Start.Character == 2 && d.Range.End.Character == 6);
    }

    [Fact]
    public async Task Pull_diagnostics_use_result_ids_and_replace_pushing()
    {
        await using var client = await LspTestClient.StartAsync(this.Options(), capabilities: new { textDocument = new { diagnostic = new { dynamicRegistration = false } } });
        await client.OpenAsync(Uri, "plaintext", "TODO");
        var report = await client.RequestAsync("textDocument/diagnostic", new { textDocument = new { uri = Uri } });
        Assert.Equal("full", report.GetProperty("kind").GetString());
        Assert.Equal(1, report.GetProperty("items").GetArrayLength());
        var resultId = report.GetProperty("resultId").GetString();

        var again = await client.RequestAsync("textDocument/diagnostic", new { textDocument = new { uri = Uri }, previousResultId = resultId });
        Assert.Equal("unchanged", again.GetProperty("kind").GetString());
        Assert.Equal(resultId, again.GetProperty("resultId").GetString());

        await client.ChangeAsync(Uri, 2, LspTestClient.Edit(0, 0, 0, 4, "none"));
        var changed = await client.RequestAsync("textDocument/diagnostic", new { textDocument = new { uri = Uri }, previousResultId = resultId });
        Assert.Equal("full", changed.GetProperty("kind").GetString());
        Assert.Equal(0, changed.GetProperty("items").GetArrayLength());
        Assert.NotEqual(resultId, changed.GetProperty("resultId").GetString());

        // The client pulls, so nothing was pushed.
        Assert.False(client.Published.TryRead(out _));
    }

    [Fact]
    public async Task A_partial_quick_result_is_published_first_and_completed_by_a_second_push()
    {
        var source = new TodoDiagnosticSource { PartialQuickPass = true };
        await using var client = await LspTestClient.StartAsync(this.Options(source));
        await client.OpenAsync(Uri, "plaintext", "TODO TODO TODO");

        var quick = await client.WaitForDiagnosticsAsync(Uri, 1);
        Assert.Single(quick.Diagnostics);
        var complete = await client.WaitForDiagnosticsAsync(Uri, 1);
        Assert.Equal(3, complete.Diagnostics.Count);

        // Reads after the whole-document pass see its result, not the quick one.
        var hover = await client.RequestAsync("textDocument/hover", new { textDocument = new { uri = Uri }, position = new { line = 0, character = 11 } });
        Assert.Equal(JsonValueKind.Object, hover.ValueKind);
    }

    [Fact]
    public async Task A_complete_quick_result_is_not_published_twice()
    {
        var source = new TodoDiagnosticSource { PartialQuickPass = true };
        await using var client = await LspTestClient.StartAsync(this.Options(source));
        await client.OpenAsync(Uri, "plaintext", "one TODO only");
        Assert.Single((await client.WaitForDiagnosticsAsync(Uri, 1)).Diagnostics);

        await client.ChangeAsync(Uri, 2, LspTestClient.Edit(0, 0, 0, 0, "x"));
        Assert.Single((await client.WaitForDiagnosticsAsync(Uri, 2)).Diagnostics);
        await Task.Delay(300);
        Assert.False(client.Published.TryRead(out var extra), $"unexpected publication for version {extra?.Version}");
        Assert.Equal(2, source.Analyses);
    }

    [Fact]
    public async Task A_pull_client_is_asked_to_refresh_when_the_whole_document_pass_changes_the_findings()
    {
        var source = new TodoDiagnosticSource { PartialQuickPass = true };
        await using var client = await LspTestClient.StartAsync(
            this.Options(source),
            capabilities: new { textDocument = new { diagnostic = new { dynamicRegistration = false } }, workspace = new { diagnostics = new { refreshSupport = true } } });
        await client.OpenAsync(Uri, "plaintext", "TODO TODO");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.True(await client.Refreshes.ReadAsync(timeout.Token));
        var report = await client.RequestAsync("textDocument/diagnostic", new { textDocument = new { uri = Uri } });
        Assert.Equal(2, report.GetProperty("items").GetArrayLength());
        Assert.False(client.Published.TryRead(out _));
    }

    [Fact]
    public async Task A_project_file_change_makes_a_pull_client_pull_again_with_fresh_analyses()
    {
        var source = new TodoDiagnosticSource();
        await using var client = await LspTestClient.StartAsync(
            this.Options(source),
            capabilities: new { textDocument = new { diagnostic = new { dynamicRegistration = false } }, workspace = new { diagnostics = new { refreshSupport = true } } });
        await client.OpenAsync(Uri, "plaintext", "one TODO");
        Assert.Equal(1, (await client.RequestAsync("textDocument/diagnostic", new { textDocument = new { uri = Uri } })).GetProperty("items").GetArrayLength());
        var before = source.Analyses;

        await client.NotifyAsync("workspace/didChangeWatchedFiles", new { changes = new[] { new { uri = "file:///work/obj/project.assets.json", type = 2 } } });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.True(await client.Refreshes.ReadAsync(timeout.Token));
        Assert.Equal(1, (await client.RequestAsync("textDocument/diagnostic", new { textDocument = new { uri = Uri } })).GetProperty("items").GetArrayLength());
        Assert.True(source.Analyses > before, "the document was not analysed again");
    }

    [Fact]
    public async Task A_burst_of_edits_is_coalesced_into_few_analyses()
    {
        var source = new TodoDiagnosticSource { Latency = TimeSpan.FromMilliseconds(150) };
        await using var client = await LspTestClient.StartAsync(this.Options(source));
        await client.OpenAsync(Uri, "plaintext", string.Empty);
        for (var version = 2; version <= 31; version++)
        {
            await client.ChangeAsync(Uri, version, LspTestClient.Edit(0, 0, 0, 0, "TODO "));
        }

        var last = await client.WaitForDiagnosticsAsync(Uri, 31);
        Assert.Equal(30, last.Diagnostics.Count);
        Assert.InRange(source.Analyses, 1, 6);
    }

    [Fact]
    public async Task A_read_right_after_an_edit_sees_the_edit()
    {
        await using var client = await LspTestClient.StartAsync(this.Options());
        await client.OpenAsync(Uri, "plaintext", "nothing here");
        // Not awaited one by one: the queue, not the test, must keep the order.
        var change = client.ChangeAsync(Uri, 2, LspTestClient.Edit(0, 0, 0, 7, "TODO"));
        var hover = client.RequestAsync("textDocument/hover", new { textDocument = new { uri = Uri }, position = new { line = 0, character = 1 } });
        await change;
        var result = await hover;
        Assert.Equal(JsonValueKind.Object, result.ValueKind);
    }

    [Fact]
    public async Task Code_actions_offer_the_fix_and_an_explanation()
    {
        await using var client = await LspTestClient.StartAsync(this.Options(), capabilities: new { window = new { showDocument = new { support = true } } });
        await client.OpenAsync(Uri, "plaintext", "a TODO b");
        var actions = await client.RequestAsync("textDocument/codeAction", new
        {
            textDocument = new { uri = Uri },
            range = new { start = new { line = 0, character = 3 }, end = new { line = 0, character = 3 } },
            context = new { diagnostics = Array.Empty<object>() },
        });

        var fix = actions.EnumerateArray().Single(a => a.TryGetProperty("edit", out _));
        Assert.Equal("quickfix", fix.GetProperty("kind").GetString());
        var edit = Assert.Single(fix.GetProperty("edit").GetProperty("changes").GetProperty(Uri).EnumerateArray());
        Assert.Equal("DONE", edit.GetProperty("newText").GetString());
        Assert.Equal(2, edit.GetProperty("range").GetProperty("start").GetProperty("character").GetInt32());

        var explain = actions.EnumerateArray().Single(a => a.TryGetProperty("command", out _));
        var command = explain.GetProperty("command");
        Assert.Equal("pmcopilot.explainRule", command.GetProperty("command").GetString());
        var result = await client.RequestAsync("workspace/executeCommand", new { command = "pmcopilot.explainRule", arguments = command.GetProperty("arguments") });
        Assert.True(result.GetProperty("shown").GetBoolean());
        Assert.Contains("Unfinished work hides bugs", result.GetProperty("markdown").GetString());
        Assert.EndsWith("/PMC001.md", Assert.Single(client.ShownDocuments));

        // Nothing to offer away from any finding, or for other kinds.
        var none = await client.RequestAsync("textDocument/codeAction", new
        {
            textDocument = new { uri = Uri },
            range = new { start = new { line = 0, character = 0 }, end = new { line = 0, character = 1 } },
            context = new { diagnostics = Array.Empty<object>() },
        });
        Assert.Equal(0, none.GetArrayLength());
        var refactors = await client.RequestAsync("textDocument/codeAction", new
        {
            textDocument = new { uri = Uri },
            range = new { start = new { line = 0, character = 3 }, end = new { line = 0, character = 3 } },
            context = new { diagnostics = Array.Empty<object>(), only = new[] { "refactor" } },
        });
        Assert.Equal(0, refactors.GetArrayLength());
    }

    [Fact]
    public async Task Hover_over_a_finding_explains_the_rule()
    {
        await using var client = await LspTestClient.StartAsync(this.Options());
        await client.OpenAsync(Uri, "plaintext", "a TODO b");
        var hover = await client.RequestAsync("textDocument/hover", new { textDocument = new { uri = Uri }, position = new { line = 0, character = 4 } });
        var value = hover.GetProperty("contents").GetProperty("value").GetString()!;
        Assert.Equal("markdown", hover.GetProperty("contents").GetProperty("kind").GetString());
        Assert.Contains("PMC001", value);
        Assert.Contains("Unfinished work hides bugs", value);
        Assert.Contains("Finish it", value);
        Assert.DoesNotContain("code", value.Replace("PMC001", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);

        var outside = await client.RequestAsync("textDocument/hover", new { textDocument = new { uri = Uri }, position = new { line = 0, character = 0 } });
        Assert.Equal(JsonValueKind.Null, outside.ValueKind);
    }

    [Fact]
    public async Task Code_actions_computed_for_text_that_changed_meanwhile_answer_ContentModified()
    {
        var source = new TodoDiagnosticSource { Latency = TimeSpan.FromMilliseconds(400) };
        await using var client = await LspTestClient.StartAsync(this.Options(source), capabilities: new { textDocument = new { diagnostic = new { } } });
        await client.OpenAsync(Uri, "plaintext", "a TODO b");
        var actions = client.RequestAsync("textDocument/codeAction", new
        {
            textDocument = new { uri = Uri },
            range = new { start = new { line = 0, character = 3 }, end = new { line = 0, character = 3 } },
            context = new { diagnostics = Array.Empty<object>() },
        });
        await client.ChangeAsync(Uri, 2, LspTestClient.Edit(0, 0, 0, 0, "xx "));
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => actions);
        Assert.Equal(-32801, error.ErrorCode);
    }
}
