using PmCopilot.LanguageServer.Tests.Infrastructure;

namespace PmCopilot.LanguageServer.Tests;

public sealed class CSharpDocumentTests : IDisposable
{
    private const string Unseeded = """
        using Microsoft.ML;

        public static class Program
        {
            public static void Main()
            {
                var ml = new MLContext();
            }
        }
        """;

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("pmc-lsp-cs-");

    public void Dispose() => this.folder.Delete(recursive: true);

    [Fact]
    public async Task Editing_a_helper_file_updates_the_findings_of_an_open_file_that_uses_it()
    {
        const string helper = """
            using Microsoft.ML;
            public static class Pipelines
            {
                public static IEstimator<ITransformer> Trainer(MLContext ml) => ml.BinaryClassification.Trainers.LinearSvm(numberOfIterations: 5);
            }
            """;
        const string train = """
            using Microsoft.ML;
            public static class Train
            {
                public static ITransformer Run(MLContext ml, IDataView data) =>
                    ml.Transforms.Concatenate("Features", "A", "B").Append(Pipelines.Trainer(ml)).Fit(data);
            }
            """;
        var helperPath = Path.Combine(this.folder.FullName, "Pipelines.cs");
        var trainPath = Path.Combine(this.folder.FullName, "Train.cs");
        File.WriteAllText(helperPath, helper);
        File.WriteAllText(trainPath, train);
        var helperUri = new Uri(helperPath).AbsoluteUri;
        var trainUri = new Uri(trainPath).AbsoluteUri;
        await using var client = await LspTestClient.StartAsync();
        await client.OpenAsync(trainUri, "csharp", train);
        Assert.Contains((await client.WaitForDiagnosticsAsync(trainUri, 1, TimeSpan.FromSeconds(90))).Diagnostics, d => d.Code == "PMC001");
        await client.OpenAsync(helperUri, "csharp", helper);
        await client.WaitForDiagnosticsAsync(helperUri, 1, TimeSpan.FromSeconds(90));

        // The helper now returns a trainer that does not need scaled features: Train.cs, not edited, loses its finding.
        var at = helper.IndexOf("LinearSvm(numberOfIterations: 5)", StringComparison.Ordinal);
        var line = helper[..at].Count(c => c == '\n');
        var column = at - (helper.LastIndexOf('\n', at) + 1);
        await client.ChangeAsync(helperUri, 2, LspTestClient.Edit(line, column, line, column + "LinearSvm(numberOfIterations: 5)".Length, "Prior()"));
        var republished = await client.WaitForDiagnosticsAsync(trainUri, 1, TimeSpan.FromSeconds(90));
        Assert.DoesNotContain(republished.Diagnostics, d => d.Code == "PMC001");
    }

    [Fact]
    public async Task An_editorconfig_change_reported_by_the_client_reanalyzes_open_documents()
    {
        var editorConfig = Path.Combine(this.folder.FullName, ".editorconfig");
        File.WriteAllText(editorConfig, "root = true\n\n[*.cs]\ndotnet_diagnostic.PMC007.severity = none\n");
        var path = Path.Combine(this.folder.FullName, "Train.cs");
        File.WriteAllText(path, Unseeded);
        var uri = new Uri(path).AbsoluteUri;
        await using var client = await LspTestClient.StartAsync(capabilities: new { workspace = new { didChangeWatchedFiles = new { dynamicRegistration = true } } });
        await client.OpenAsync(uri, "csharp", Unseeded);
        Assert.Empty((await client.WaitForDiagnosticsAsync(uri, 1, TimeSpan.FromSeconds(90))).Diagnostics);

        // The server asked the client to watch the files the analysis reads.
        var registration = Assert.Single(client.Registrations).GetProperty("registrations")[0];
        Assert.Equal("workspace/didChangeWatchedFiles", registration.GetProperty("method").GetString());
        Assert.Contains(registration.GetProperty("registerOptions").GetProperty("watchers").EnumerateArray(), w => w.GetProperty("globPattern").GetString() == "**/.editorconfig");

        // An unrelated file changes nothing; the .editorconfig turning the rule on brings its finding back, same version.
        await client.NotifyAsync("workspace/didChangeWatchedFiles", new { changes = new[] { new { uri = new Uri(Path.Combine(this.folder.FullName, "notes.txt")).AbsoluteUri, type = 2 } } });
        File.WriteAllText(editorConfig, "root = true\n\n[*.cs]\ndotnet_diagnostic.PMC007.severity = warning\n");
        await client.NotifyAsync("workspace/didChangeWatchedFiles", new { changes = new[] { new { uri = new Uri(editorConfig).AbsoluteUri, type = 2 } } });
        var again = await client.WaitForDiagnosticsAsync(uri, 1, TimeSpan.FromSeconds(90));
        var diagnostic = Assert.Single(again.Diagnostics);
        Assert.Equal("PMC007", diagnostic.Code);
        Assert.Equal(2, diagnostic.Severity);
    }

    [Fact]
    public async Task An_ML_file_gets_PMC_diagnostics_a_fix_and_a_hover()
    {
        var uri = new Uri(Path.Combine(this.folder.FullName, "Train.cs")).AbsoluteUri;
        await using var client = await LspTestClient.StartAsync();
        await client.OpenAsync(uri, "csharp", Unseeded);
        var published = await client.WaitForDiagnosticsAsync(uri, 1, TimeSpan.FromSeconds(90));
        var diagnostic = Assert.Single(published.Diagnostics);
        Assert.Equal("PMC007", diagnostic.Code);
        Assert.Equal("pmcopilot", diagnostic.Source);
        Assert.Equal(6, diagnostic.Range.Start.Line);
        Assert.EndsWith("PMC007.md", diagnostic.CodeDescription?.Href);

        var actions = await client.RequestAsync("textDocument/codeAction", new
        {
            textDocument = new { uri },
            range = diagnostic.Range,
            context = new { diagnostics = new[] { diagnostic } },
        });
        var fix = actions.EnumerateArray().First(a => a.TryGetProperty("edit", out _));
        var edits = fix.GetProperty("edit").GetProperty("changes").GetProperty(uri).EnumerateArray().ToList();
        Assert.NotEmpty(edits);
        Assert.Contains(actions.EnumerateArray(), a => a.TryGetProperty("command", out var c) && c.GetProperty("command").GetString() == "pmcopilot.explainRule");

        var hover = await client.RequestAsync("textDocument/hover", new { textDocument = new { uri }, position = diagnostic.Range.Start });
        Assert.Contains("PMC007", hover.GetProperty("contents").GetProperty("value").GetString());

        // Apply the fix's edits (last first, so earlier ranges stay valid) and the diagnostic goes away.
        var version = 2;
        foreach (var edit in edits.OrderByDescending(e => e.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32())
                     .ThenByDescending(e => e.GetProperty("range").GetProperty("start").GetProperty("character").GetInt32()))
        {
            var range = edit.GetProperty("range");
            await client.NotifyAsync("textDocument/didChange", new { textDocument = new { uri, version }, contentChanges = new[] { new { range, text = edit.GetProperty("newText").GetString() } } });
            version++;
        }

        var after = await client.WaitForDiagnosticsAsync(uri, version - 1, TimeSpan.FromSeconds(60));
        Assert.DoesNotContain(after.Diagnostics, d => d.Code == "PMC007");
    }
}
