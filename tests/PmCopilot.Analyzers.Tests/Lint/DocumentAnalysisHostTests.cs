using PmCopilot.Lint.Analysis;

namespace PmCopilot.Analyzers.Tests.Lint;

public class DocumentAnalysisHostTests
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

    [Fact]
    public async Task LooseFileGetsSemanticDiagnosticsFromBundledReferences()
    {
        using var folder = new TempFolder();
        var file = folder.Write("Train.cs", Unseeded);
        using var host = new DocumentAnalysisHost();

        var diagnostics = await host.UpdateDocumentAsync(file, Unseeded, TestContext.Current.CancellationToken);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("PMC007", diagnostic.Id);
        Assert.Equal(PmcSeverity.Info, diagnostic.Severity);
        Assert.Equal(new PmcPosition(6, 17), diagnostic.Range.Start);
        Assert.Equal(file, diagnostic.FilePath);
        Assert.EndsWith("PMC007.md", diagnostic.HelpUri);
    }

    [Fact]
    public async Task EditingTheTextUpdatesTheDiagnostics()
    {
        using var folder = new TempFolder();
        var file = folder.Write("Train.cs", Unseeded);
        using var host = new DocumentAnalysisHost();
        Assert.Single(await host.UpdateDocumentAsync(file, Unseeded, TestContext.Current.CancellationToken));

        var fixedText = Unseeded.Replace("new MLContext()", "new MLContext(seed: 7)", StringComparison.Ordinal);
        Assert.Empty(await host.UpdateDocumentAsync(file, fixedText, TestContext.Current.CancellationToken));

        host.CloseDocument(file);
        Assert.Single(await host.GetDiagnosticsAsync(file, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task CodeFixComesBackAsTextEditsThatRemoveTheDiagnostic()
    {
        using var folder = new TempFolder();
        var file = folder.Write("Train.cs", Unseeded);
        using var host = new DocumentAnalysisHost();
        var diagnostic = Assert.Single(await host.UpdateDocumentAsync(file, Unseeded, TestContext.Current.CancellationToken));

        var fix = Assert.Single(await host.GetCodeFixesAsync(diagnostic, TestContext.Current.CancellationToken));
        var edited = Apply(Unseeded, fix.Edits);

        Assert.Contains("new MLContext(seed: 1)", edited, StringComparison.Ordinal);
        Assert.Empty(await host.UpdateDocumentAsync(file, edited, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task FixesForANamedRuleAreTheWholeDocumentsFixesOnEveryCorpusFinding()
    {
        // Fixes asked for one rule start from the member around the finding; they must be exactly what the whole-document
        // analysis offers, including for rules that report from what they gathered across members (PMC001 reads helpers).
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Corpus"), "*.cs")
            .Concat(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "HeldOut", "Corpus"), "*.cs"))
            .Order(StringComparer.Ordinal).ToList();
        using var folder = new TempFolder();
        using var host = new DocumentAnalysisHost();
        var compared = 0;
        foreach (var source in files)
        {
            var file = folder.Write(Path.GetFileName(source), await File.ReadAllTextAsync(source, TestContext.Current.CancellationToken));
            foreach (var diagnostic in await host.GetDiagnosticsAsync(file, TestContext.Current.CancellationToken))
            {
                var whole = (await host.GetCodeFixesAsync(file, diagnostic.Range, TestContext.Current.CancellationToken)).Where(f => f.DiagnosticId == diagnostic.Id);
                var named = await host.GetCodeFixesAsync(file, diagnostic.Range, diagnostic.Id, TestContext.Current.CancellationToken);
                Assert.Equal(Describe(whole), Describe(named));
                compared++;
            }

            host.CloseDocument(file);
        }

        Assert.True(compared >= 50, $"only {compared} findings compared");

        static List<string> Describe(IEnumerable<PmcCodeFix> fixes) =>
            fixes.Select(f => $"{f.DiagnosticId} {f.Title}: " + string.Join(" | ", f.Edits.Select(e => $"{e.Range.Start.Line}:{e.Range.Start.Character}-{e.Range.End.Line}:{e.Range.End.Character} {e.NewText}"))).Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task EditorConfigCanTurnARuleOff()
    {
        using var folder = new TempFolder();
        folder.Write(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.PMC007.severity = none\n");
        var file = folder.Write("Train.cs", Unseeded);
        using var host = new DocumentAnalysisHost();

        Assert.Empty(await host.UpdateDocumentAsync(file, Unseeded, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task EditorConfigCanRaiseASeverity()
    {
        using var folder = new TempFolder();
        folder.Write(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.PMC007.severity = error\n");
        var file = folder.Write("Train.cs", Unseeded);
        using var host = new DocumentAnalysisHost();

        var diagnostic = Assert.Single(await host.UpdateDocumentAsync(file, Unseeded, TestContext.Current.CancellationToken));
        Assert.Equal(PmcSeverity.Error, diagnostic.Severity);
    }

    [Fact]
    public async Task BrokenCodeDoesNotThrow()
    {
        using var folder = new TempFolder();
        var file = folder.Write("Broken.cs", "class {{{ new MLContext(");
        using var host = new DocumentAnalysisHost();

        var diagnostics = await host.UpdateDocumentAsync(file, "using Microsoft.ML; class A { void M() { var x = new MLContext(", TestContext.Current.CancellationToken);
        Assert.All(diagnostics, d => Assert.StartsWith("PMC", d.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProjectDocumentSeesHelpersInOtherFilesOfTheProject()
    {
        using var folder = new TempFolder();
        var project = ProjectFixture.Create(folder, "App", "public static class Placeholder { }");
        var directory = Path.GetDirectoryName(project)!;
        File.WriteAllText(Path.Combine(directory, "Pipelines.cs"), """
            using Microsoft.ML;
            public static class Pipelines
            {
                public static IEstimator<ITransformer> Trainer(MLContext ml) => ml.BinaryClassification.Trainers.LinearSvm();
            }
            """);
        var file = Path.Combine(directory, "Train.cs");
        var text = """
            using Microsoft.ML;
            public static class Train
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var model = ml.Transforms.Concatenate("Features", "A", "B").Append(Pipelines.Trainer(ml)).Fit(data);
                }
            }
            """;
        using var host = new DocumentAnalysisHost();

        var diagnostic = Assert.Single(await host.UpdateDocumentAsync(file, text, TestContext.Current.CancellationToken));
        Assert.Equal("PMC001", diagnostic.Id);
        Assert.Equal(5, diagnostic.Range.Start.Line);

        var normalized = text.Replace("Concatenate(\"Features\", \"A\", \"B\")", "Concatenate(\"Features\", \"A\", \"B\").Append(ml.Transforms.NormalizeMinMax(\"Features\"))", StringComparison.Ordinal);
        Assert.Empty(await host.UpdateDocumentAsync(file, normalized, TestContext.Current.CancellationToken));
    }

    internal static string Apply(string text, IReadOnlyList<PmcTextEdit> edits)
    {
        var lines = text.Split('\n');
        int Offset(PmcPosition p) => lines.Take(p.Line).Sum(l => l.Length + 1) + p.Character;
        foreach (var edit in edits.OrderByDescending(e => Offset(e.Range.Start)))
        {
            var start = Offset(edit.Range.Start);
            var end = Offset(edit.Range.End);
            text = text[..start] + edit.NewText + text[end..];
        }

        return text;
    }
}
