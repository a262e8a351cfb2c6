using Microsoft.CodeAnalysis;
using PmCopilot.Lint.Analysis;

namespace PmCopilot.Analyzers.Tests.Rules;

public class DescriptorTests
{
    public static TheoryData<string> RuleIds => new(Enumerable.Range(1, 12).Select(i => $"PMC{i:000}"));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void EveryRuleHasADescriptorWithSeverityHelpAndDocs(string id)
    {
        var descriptor = Assert.Single(AnalyzerCatalog.Rules, d => d.Id == id);
        var warning = id is "PMC001" or "PMC002" or "PMC003" or "PMC004" or "PMC005" or "PMC008" or "PMC010";
        Assert.Equal(warning ? DiagnosticSeverity.Warning : DiagnosticSeverity.Info, descriptor.DefaultSeverity);
        Assert.EndsWith($"docs/rules/{id}.md", descriptor.HelpLinkUri, StringComparison.Ordinal);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString()));

        var doc = Path.Combine(RepoRoot(), "docs", "rules", id + ".md");
        Assert.True(File.Exists(doc), doc);
        var text = File.ReadAllText(doc);
        foreach (var section in new[] { "## What", "## Why", "## How to fix", "## Before", "## After" })
            Assert.Contains(section, text, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryFixableRuleHasAFixer()
    {
        var fixable = AnalyzerCatalog.CodeFixProviders.SelectMany(p => p.FixableDiagnosticIds).ToHashSet();
        foreach (var id in new[] { "PMC001", "PMC004", "PMC005", "PMC006", "PMC007", "PMC008", "PMC009", "PMC010" })
            Assert.Contains(id, fixable);
    }

    [Fact]
    public void ReleaseTrackingListsEveryRule()
    {
        var unshipped = File.ReadAllText(Path.Combine(RepoRoot(), "src", "PmCopilot.Analyzers", "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in AnalyzerCatalog.Rules)
            Assert.Contains($"{descriptor.Id} | {descriptor.Category} | {descriptor.DefaultSeverity}", unshipped, StringComparison.Ordinal);
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PmCopilot.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException("PmCopilot.sln not found above the test assembly");
    }
}
