using PmCopilot.Core.Prd;
using PmCopilot.Core.Tests.TestSupport;

namespace PmCopilot.Core.Tests.Prd;

/// <summary>
/// Each corpus document has a sidecar <c>NAME.expect.txt</c>: one expected finding per line as
/// <c>CODE :: text on the line</c>; the finding must sit on the first line containing that text. Good documents
/// have an empty sidecar: any finding there is a false positive.
/// </summary>
public class PrdLinterCorpusTests
{
    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(CorpusDir, "*.md").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    internal static string CorpusDir => RepoPaths.InRepo("tests", "PmCopilot.Core.Tests", "Prd", "Corpus");

    [Theory]
    [MemberData(nameof(Documents))]
    public void Findings_match_the_annotations(string name)
    {
        var (expected, actual, diagnostics) = Evaluate(name);

        var missing = Subtract(expected, actual);
        var extra = Subtract(actual, expected);
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"{name}\n  missing: {string.Join(", ", missing)}\n  unexpected: {string.Join(", ", extra)}\n  all:\n    " +
            string.Join("\n    ", diagnostics.Select(d => $"{d.Code} L{d.StartLine}:{d.StartColumn} {d.Message}")));
    }

    [Fact]
    public void Corpus_has_good_and_bad_documents_in_both_languages()
    {
        var names = Directory.EnumerateFiles(CorpusDir, "*.md").Select(Path.GetFileName).ToList();
        Assert.Contains(names, n => n!.StartsWith("good-", StringComparison.Ordinal) && n.Contains("-zh", StringComparison.Ordinal));
        Assert.Contains(names, n => n!.StartsWith("good-", StringComparison.Ordinal) && n.Contains("-en", StringComparison.Ordinal));
        Assert.Contains(names, n => n!.StartsWith("bad-", StringComparison.Ordinal) && n.Contains("-zh", StringComparison.Ordinal));
        Assert.Contains(names, n => n!.StartsWith("bad-", StringComparison.Ordinal) && n.Contains("-en", StringComparison.Ordinal));
    }

    internal static (List<string> Expected, List<string> Actual, IReadOnlyList<PrdDiagnostic> Diagnostics) Evaluate(string name)
    {
        var path = Path.Combine(CorpusDir, name);
        var markdown = File.ReadAllText(path);
        var lines = markdown.Split('\n');
        var expected = new List<string>();
        foreach (var raw in File.ReadAllLines(Path.ChangeExtension(path, ".expect.txt")))
        {
            if (raw.Trim().Length == 0)
            {
                continue;
            }

            var parts = raw.Split(" :: ", 2);
            var line = Array.FindIndex(lines, l => l.Contains(parts[1], StringComparison.Ordinal));
            Assert.True(line >= 0, $"{name}: annotation text not found: {parts[1]}");
            expected.Add($"{parts[0]}@{line}");
        }

        var diagnostics = PrdLinter.Lint(markdown);
        var actual = diagnostics.Select(d => $"{d.Code}@{d.StartLine}").ToList();
        return (expected, actual, diagnostics);
    }

    internal static List<string> Subtract(List<string> from, List<string> remove)
    {
        var rest = new List<string>(from);
        foreach (var r in remove)
        {
            rest.Remove(r);
        }

        return rest;
    }
}
