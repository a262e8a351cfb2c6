using PmCopilot.Lint.Analysis;

namespace PmCopilot.Analyzers.Tests.Lint;

/// <summary>
/// The editor's quick pass (<see cref="DocumentAnalysisHost.UpdateDocumentIncrementallyAsync"/>) must agree with a whole-document
/// analysis of the same text from a fresh host, whichever path it takes: findings moved with a comment, one member
/// re-analyzed, or everything analyzed again.
/// </summary>
public class IncrementalAnalysisTests
{
    private const string Source = """
        using System;
        using Microsoft.ML;
        using Microsoft.ML.Data;
        using TorchSharp;
        using static TorchSharp.torch;

        namespace Sample;

        public sealed class Row { public float A { get; set; } public float B { get; set; } public bool Label { get; set; } }

        public static class Regression
        {
            public static double Train(string path)
            {
                var ml = new MLContext();
                var data = ml.Data.LoadFromTextFile<Row>(path, separatorChar: ',', hasHeader: true);
                var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
                var pipeline = ml.Transforms.Concatenate("Features", nameof(Row.A), nameof(Row.B))
                    .Append(ml.BinaryClassification.Trainers.LinearSvm(labelColumnName: nameof(Row.Label), numberOfIterations: 10));
                var model = pipeline.Fit(split.TrainSet);
                var metrics = ml.BinaryClassification.EvaluateNonCalibrated(model.Transform(split.TestSet), labelColumnName: nameof(Row.Label));
                return metrics.Accuracy;
            }

            public static int Count(float[] values)
            {
                var count = 0;
                foreach (var value in values)
                {
                    if (value > 0.5f)
                    {
                        count++;
                    }
                }

                return count;
            }
        }

        public static class Network
        {
            public static float Fit(Tensor inputs, Tensor targets, int epochs)
            {
                torch.manual_seed(3);
                var model = torch.nn.Sequential(("fc1", torch.nn.Linear(8, 16)), ("relu", torch.nn.ReLU()), ("fc2", torch.nn.Linear(16, 1)));
                var optimizer = torch.optim.Adam(model.parameters(), lr: 0.001);
                var loss = torch.nn.MSELoss();
                var last = 0f;
                for (var epoch = 0; epoch < epochs; epoch++)
                {
                    optimizer.zero_grad();
                    var value = loss.call(model.call(inputs), targets);
                    value.backward();
                    optimizer.step();
                    last = value.item<float>();
                }

                model.eval();
                using (torch.no_grad())
                {
                    last += model.call(inputs).mean().item<float>();
                }

                return last;
            }
        }
        """;

    /// <summary>Each edit is applied to the text the previous one left: (what it is, text to find, its replacement).</summary>
    public static TheoryData<string> EditSequences => ["typing", "structure"];

    private static readonly Dictionary<string, (string Name, string Find, string Replace)[]> Sequences = new()
    {
        ["typing"] =
        [
            ("comment line in a method", "        var count = 0;\n", "        // counting\n        var count = 0;\n"),
            ("comment between members", "    public static int Count(", "    // helper\n    public static int Count("),
            ("statement in a body", "        last = value.item<float>();\n", "        last = value.item<float>();\n        last *= 1f;\n"),
            ("finding appears: zero_grad removed", "            optimizer.zero_grad();\n", string.Empty),
            ("finding goes: seed added", "new MLContext()", "new MLContext(seed: 7)"),
            ("finding appears: eval removed", "        model.eval();\n", string.Empty),
            ("finding goes: zero_grad back", "        for (var epoch = 0; epoch < epochs; epoch++)\n        {\n", "        for (var epoch = 0; epoch < epochs; epoch++)\n        {\n            optimizer.zero_grad();\n"),
            ("half-typed statement", "        return count;", "        var x = values.\n        return count;"),
            ("statement finished", "        var x = values.\n", "        var x = values.Length;\n"),
            ("method renamed", "public static int Count(", "public static int CountAbove("),
            ("parameter added", "CountAbove(float[] values)", "CountAbove(float[] values, float threshold)"),
            ("text inside a string", "\"Features\"", "\"Feats\""),
            ("whitespace only", "        var split", "         var split"),
        ],
        ["structure"] =
        [
            ("pragma disables a rule", "namespace Sample;\n", "namespace Sample;\n#pragma warning disable PMC007\n"),
            ("pragma removed", "#pragma warning disable PMC007\n", string.Empty),
            ("new member", "    public static int Count(", "    public static void Noise() => new MLContext();\n\n    public static int Count("),
            ("unbalanced brace", "        var count = 0;\n", "        var count = 0; {\n"),
            ("brace balanced", "        var count = 0; {\n", "        var count = 0;\n"),
            ("open block comment", "    public static float Fit(", "    /* public static float Fit("),
            ("block comment closed", "    /* public static float Fit(", "    /* x */ public static float Fit("),
            ("using removed", "using static TorchSharp.torch;\n", string.Empty),
            ("using back", "using TorchSharp;\n", "using TorchSharp;\nusing static TorchSharp.torch;\n"),
            ("class removed", "public static class Network", "public static class Network2"),
            ("everything replaced", "namespace Sample;", "namespace Sample.Other;"),
        ],
    };

    [Theory]
    [MemberData(nameof(EditSequences))]
    public async Task QuickPassAgreesWithWholeDocumentAnalysisAfterEveryEdit(string sequence)
    {
        using var folder = new TempFolder();
        var file = folder.Write("Sample.cs", Source);
        using var editor = new DocumentAnalysisHost();
        var text = Source;
        Assert.Equal(await FreshAsync(text), Describe(await editor.UpdateDocumentAsync(file, text, TestContext.Current.CancellationToken)));

        var partial = 0;
        foreach (var (name, find, replace) in Sequences[sequence])
        {
            Assert.True(text.Contains(find, StringComparison.Ordinal), $"{name}: '{find}' not in the text");
            text = ReplaceFirst(text, find, replace);
            var quick = await editor.UpdateDocumentIncrementallyAsync(file, text, TestContext.Current.CancellationToken);
            partial += quick.IsComplete ? 0 : 1;
            var expected = await FreshAsync(text);
            Assert.True(expected.SequenceEqual(Describe(quick.Diagnostics)), $"{name}:\nexpected\n  {string.Join("\n  ", expected)}\nquick pass gave\n  {string.Join("\n  ", Describe(quick.Diagnostics))}");

            // The whole-document pass the editor runs after a pause agrees too.
            Assert.Equal(expected, Describe(await editor.UpdateDocumentAsync(file, text, TestContext.Current.CancellationToken)));
        }

        if (sequence == "typing")
            Assert.True(partial >= 5, $"only {partial} edits took the member-scoped path");
    }

    [Fact]
    public async Task CommentEditsMoveFindingsWithoutReanalysis()
    {
        using var folder = new TempFolder();
        var file = folder.Write("Sample.cs", Source);
        using var host = new DocumentAnalysisHost();
        var before = await host.UpdateDocumentAsync(file, Source, TestContext.Current.CancellationToken);
        var seed = Assert.Single(before, d => d.Id == "PMC007");

        var edited = Source.Replace("namespace Sample;\n", "namespace Sample;\n// one\n// two\n", StringComparison.Ordinal);
        var after = await host.UpdateDocumentIncrementallyAsync(file, edited, TestContext.Current.CancellationToken);

        Assert.True(after.IsComplete);
        var moved = Assert.Single(after.Diagnostics, d => d.Id == "PMC007");
        Assert.Equal(seed.Range.Start.Line + 2, moved.Range.Start.Line);
        Assert.Equal(seed.Range.Start.Character, moved.Range.Start.Character);
    }

    [Fact]
    public async Task MemberEditIsPartialAndTheWholePassCatchesFindingsInOtherMembers()
    {
        // PMC001 follows a pipeline into a helper: editing the helper changes a finding reported in another method.
        const string text = """
            using Microsoft.ML;

            public static class Train
            {
                private static IEstimator<ITransformer> Trainer(MLContext ml) => ml.BinaryClassification.Trainers.Prior();

                public static ITransformer Run(MLContext ml, IDataView data) =>
                    ml.Transforms.Concatenate("Features", "A", "B").Append(Trainer(ml)).Fit(data);
            }
            """;
        using var folder = new TempFolder();
        var file = folder.Write("Train.cs", text);
        using var host = new DocumentAnalysisHost();
        Assert.DoesNotContain(await host.UpdateDocumentAsync(file, text, TestContext.Current.CancellationToken), d => d.Id == "PMC001");

        var unnormalized = text.Replace("Trainers.Prior()", "Trainers.LinearSvm(numberOfIterations: 5)", StringComparison.Ordinal);
        var quick = await host.UpdateDocumentIncrementallyAsync(file, unnormalized, TestContext.Current.CancellationToken);
        Assert.False(quick.IsComplete);

        var whole = await host.UpdateDocumentAsync(file, unnormalized, TestContext.Current.CancellationToken);
        Assert.Equal(await FreshAsync(unnormalized), Describe(whole));
        Assert.Contains(whole, d => d.Id == "PMC001");
    }

    [Fact]
    public async Task AnUnchangedTextIsNotAnalyzedAgain()
    {
        using var folder = new TempFolder();
        var file = folder.Write("Sample.cs", Source);
        using var host = new DocumentAnalysisHost();
        var first = await host.UpdateDocumentIncrementallyAsync(file, Source, TestContext.Current.CancellationToken);
        var second = await host.UpdateDocumentIncrementallyAsync(file, Source, TestContext.Current.CancellationToken);

        Assert.True(first.IsComplete);
        Assert.Same(first.Diagnostics.First(), second.Diagnostics.First());
    }

    private static async Task<string[]> FreshAsync(string text)
    {
        // Its own folder: a loose file's project is its folder, and the edited file there still holds the text on disk.
        using var elsewhere = new TempFolder();
        var path = elsewhere.Write("Sample.cs", text);
        using var fresh = new DocumentAnalysisHost();
        return Describe(await fresh.UpdateDocumentAsync(path, text, TestContext.Current.CancellationToken));
    }

    private static string[] Describe(IEnumerable<PmcDiagnostic> diagnostics) =>
        diagnostics.Select(d => $"{d.Id} {d.Range.Start.Line}:{d.Range.Start.Character}-{d.Range.End.Line}:{d.Range.End.Character} {d.Message}").ToArray();

    private static string ReplaceFirst(string text, string find, string replace)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        return string.Concat(text.AsSpan(0, at), replace, text.AsSpan(at + find.Length));
    }
}
