using System.Text.Json;
using PmCopilot.LanguageServer.Tests.Infrastructure;

namespace PmCopilot.LanguageServer.Tests;

public sealed class PrdDocumentTests
{
    private const string PrdUri = "file:///work/docs/checkout-prd.md";

    private const string Prd = """
        # PRD: Saved carts

        ## Summary

        Shoppers lose their cart when they switch devices. Saved carts keep it for 30 days.

        ## Requirements

        - FR-1: The cart must be fast.
        - FR-2: A signed-in shopper sees the same cart on every device within 5 seconds of a change.

        ## Open questions

        - TODO decide on guest carts
        """;

    [Fact]
    public async Task A_prd_gets_linter_diagnostics_and_skeleton_fixes()
    {
        await using var client = await LspTestClient.StartAsync();
        await client.OpenAsync(PrdUri, "markdown", Prd);
        var published = await client.WaitForDiagnosticsAsync(PrdUri, 1);
        Assert.NotEmpty(published.Diagnostics);
        Assert.All(published.Diagnostics, d => Assert.StartsWith("PRD", d.Code));
        Assert.All(published.Diagnostics, d => Assert.Equal("pmcopilot-prd", d.Source));
        var missing = published.Diagnostics.First(d => d.Code == "PRD001");

        var actions = await client.RequestAsync("textDocument/codeAction", new
        {
            textDocument = new { uri = PrdUri },
            range = missing.Range,
            context = new { diagnostics = new[] { missing } },
        });
        var fix = actions.EnumerateArray().First(a => a.TryGetProperty("edit", out _)
                                                      && a.GetProperty("diagnostics")[0].GetProperty("message").GetString() == missing.Message);
        var edit = Assert.Single(fix.GetProperty("edit").GetProperty("changes").GetProperty(PrdUri).EnumerateArray());
        var inserted = edit.GetProperty("newText").GetString()!;
        Assert.Contains("## ", inserted);

        // Applying the edit removes that finding.
        var start = edit.GetProperty("range").GetProperty("start");
        await client.ChangeAsync(PrdUri, 2, LspTestClient.Edit(start.GetProperty("line").GetInt32(), start.GetProperty("character").GetInt32(), start.GetProperty("line").GetInt32(), start.GetProperty("character").GetInt32(), inserted));
        var after = await client.WaitForDiagnosticsAsync(PrdUri, 2);
        Assert.DoesNotContain(after.Diagnostics, d => d.Code == missing.Code && d.Message == missing.Message);
    }

    [Fact]
    public async Task Ordinary_markdown_is_not_linted_as_a_prd()
    {
        await using var client = await LspTestClient.StartAsync();
        const string readme = "file:///work/README.md";
        await client.OpenAsync(readme, "markdown", "# My tool\n\nInstall it with `dotnet tool install`.\n\n## Usage\n\nRun it.\n");
        var published = await client.WaitForDiagnosticsAsync(readme, 1);
        Assert.Empty(published.Diagnostics);
    }

    [Fact]
    public async Task Pulled_prd_diagnostics_match_pushed_ones()
    {
        await using var pushClient = await LspTestClient.StartAsync();
        await pushClient.OpenAsync(PrdUri, "markdown", Prd);
        var pushed = await pushClient.WaitForDiagnosticsAsync(PrdUri, 1);

        await using var pullClient = await LspTestClient.StartAsync(capabilities: new { textDocument = new { diagnostic = new { } } });
        await pullClient.OpenAsync(PrdUri, "markdown", Prd);
        var pulled = await pullClient.RequestAsync("textDocument/diagnostic", new { textDocument = new { uri = PrdUri } });
        Assert.Equal(pushed.Diagnostics.Select(d => d.Code), pulled.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("code").GetString()));
        Assert.Equal(JsonValueKind.String, pulled.GetProperty("resultId").ValueKind);
    }
}
