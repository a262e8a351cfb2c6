using System.Globalization;
using System.Text.Json;
using PmCopilot.Lint.Analysis;

namespace PmCopilot.Lint.Output;

/// <summary>Writes a <see cref="LintReport"/> in one of the supported formats.</summary>
public static class ReportWriters
{
    public const string Text = "text";
    public const string Json = "json";
    public const string Sarif = "sarif";

    public static IReadOnlyList<string> Formats { get; } = [Text, Json, Sarif];

    // Explicit resolver: hosts that turn off reflection-based serialization by default (trimming-friendly apps) still work.
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };

    public static void Write(LintReport report, string format, TextWriter writer, string baseDirectory)
    {
        switch (format)
        {
            case Text:
                WriteText(report, writer, baseDirectory);
                break;
            case Json:
                WriteJson(report, writer, baseDirectory);
                break;
            case Sarif:
                WriteSarif(report, writer, baseDirectory);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown format");
        }
    }

    /// <summary>`file:line:col: severity ID: message` per finding (1-based), then skipped files and a summary line.</summary>
    public static void WriteText(LintReport report, TextWriter writer, string baseDirectory)
    {
        foreach (var finding in report.Findings)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{DisplayPath(finding.FilePath, baseDirectory)}:{finding.Range.Start.Line + 1}:{finding.Range.Start.Character + 1}: {SeverityWord(finding.Severity)} {finding.Id}: {finding.Message}"));
        }

        foreach (var skipped in report.Skipped)
            writer.WriteLine($"{DisplayPath(skipped.FilePath, baseDirectory)}: skipped: {skipped.Reason}");
        var files = report.Findings.Select(f => f.FilePath).Distinct().Count();
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.Findings.Count} finding(s) in {files} file(s); {report.FilesAnalyzed} file(s) analyzed, {report.Skipped.Count} skipped."));
    }

    public static void WriteJson(LintReport report, TextWriter writer, string baseDirectory)
    {
        var document = new
        {
            tool = "pmcopilot-lint",
            version = ToolVersion,
            summary = new { findings = report.Findings.Count, filesAnalyzed = report.FilesAnalyzed, skipped = report.Skipped.Count },
            findings = report.Findings.Select(f => new
            {
                id = f.Id,
                severity = SeverityWord(f.Severity),
                title = f.Title,
                message = f.Message,
                path = DisplayPath(f.FilePath, baseDirectory),
                line = f.Range.Start.Line + 1,
                column = f.Range.Start.Character + 1,
                endLine = f.Range.End.Line + 1,
                endColumn = f.Range.End.Character + 1,
                helpUri = f.HelpUri,
            }),
            skipped = report.Skipped.Select(s => new { path = DisplayPath(s.FilePath, baseDirectory), reason = s.Reason }),
            notes = report.Notes,
        };
        writer.Write(JsonSerializer.Serialize(document, s_json));
        writer.WriteLine();
    }

    /// <summary>SARIF 2.1.0: one run, the PMC rules with help URIs, one result per finding, skipped files as notifications.</summary>
    public static void WriteSarif(LintReport report, TextWriter writer, string baseDirectory)
    {
        var rules = AnalyzerCatalog.Rules;
        var ruleIndex = rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var baseUri = new Uri(Path.TrimEndingDirectorySeparator(Path.GetFullPath(baseDirectory)) + Path.DirectorySeparatorChar).AbsoluteUri;
        var log = new Dictionary<string, object?>
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = new object[]
            {
                new Dictionary<string, object?>
                {
                    ["tool"] = new
                    {
                        driver = new Dictionary<string, object?>
                        {
                            ["name"] = "PmCopilot",
                            ["semanticVersion"] = ToolVersion,
                            ["rules"] = rules.Select(r => new Dictionary<string, object?>
                            {
                                ["id"] = r.Id,
                                ["name"] = RuleName(r.Title.ToString(CultureInfo.InvariantCulture)),
                                ["shortDescription"] = new { text = r.Title.ToString(CultureInfo.InvariantCulture) },
                                ["fullDescription"] = new { text = r.Description.ToString(CultureInfo.InvariantCulture) },
                                ["helpUri"] = r.HelpLinkUri,
                                ["defaultConfiguration"] = new { level = SarifLevel(ProjectBuilder.ToSeverity(r.DefaultSeverity)) },
                                ["properties"] = new { category = r.Category },
                            }).ToList(),
                        },
                    },
                    ["originalUriBaseIds"] = new Dictionary<string, object> { ["SRCROOT"] = new { uri = baseUri } },
                    ["invocations"] = new object[]
                    {
                        new Dictionary<string, object?>
                        {
                            ["executionSuccessful"] = true,
                            ["toolExecutionNotifications"] = report.Skipped.Select(s => new
                            {
                                level = "warning",
                                message = new { text = "Skipped: " + s.Reason },
                                locations = new[] { new { physicalLocation = new { artifactLocation = ArtifactLocation(s.FilePath, baseDirectory) } } },
                            }).ToList(),
                        },
                    },
                    ["results"] = report.Findings.Select(f => new Dictionary<string, object?>
                    {
                        ["ruleId"] = f.Id,
                        ["ruleIndex"] = ruleIndex.TryGetValue(f.Id, out var index) ? index : -1,
                        ["level"] = SarifLevel(f.Severity),
                        ["message"] = new { text = f.Message },
                        ["locations"] = new[]
                        {
                            new
                            {
                                physicalLocation = new
                                {
                                    artifactLocation = ArtifactLocation(f.FilePath, baseDirectory),
                                    region = new
                                    {
                                        startLine = f.Range.Start.Line + 1,
                                        startColumn = f.Range.Start.Character + 1,
                                        endLine = f.Range.End.Line + 1,
                                        endColumn = f.Range.End.Character + 1,
                                    },
                                },
                            },
                        },
                    }).ToList(),
                },
            },
        };
        writer.Write(JsonSerializer.Serialize(log, s_json));
        writer.WriteLine();
    }

    private static object ArtifactLocation(string path, string baseDirectory)
    {
        var relative = Path.GetRelativePath(baseDirectory, path);
        if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
            return new { uri = string.Join('/', relative.Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString)), uriBaseId = "SRCROOT" };
        return new { uri = new Uri(Path.GetFullPath(path)).AbsoluteUri };
    }

    private static string RuleName(string title) => string.Concat(title.Split(' ', '-', '(', ')', '/', '.').Where(w => w.Length > 0).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    public static string SeverityWord(PmcSeverity severity) => severity switch
    {
        PmcSeverity.Error => "error",
        PmcSeverity.Warning => "warning",
        PmcSeverity.Info => "info",
        _ => "hidden",
    };

    private static string SarifLevel(PmcSeverity severity) => severity switch
    {
        PmcSeverity.Error => "error",
        PmcSeverity.Warning => "warning",
        PmcSeverity.Info => "note",
        _ => "none",
    };

    public static string DisplayPath(string path, string baseDirectory)
    {
        var relative = Path.GetRelativePath(baseDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    private static string ToolVersion => typeof(ReportWriters).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
