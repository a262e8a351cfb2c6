using System.Collections.Immutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PmCopilot.Lint.Analysis;
using PmCopilot.Lint.References;

namespace PmCopilot.Lint;

/// <summary>Options for <see cref="LintEngine.LintAsync"/>.</summary>
public sealed record LintOptions
{
    /// <summary>Reference resolver; defaults to <see cref="ReferenceResolver.Shared"/>.</summary>
    public ReferenceResolver? References { get; init; }

    /// <summary>Report analyzer time per rule (slower); used by the benchmark.</summary>
    public bool LogAnalyzerExecutionTime { get; init; }
}

/// <summary>The outcome of a lint run.</summary>
/// <param name="Findings">PMC diagnostics, ordered by file, line, column, ID.</param>
/// <param name="Skipped">Files that were not analyzed, with the reason.</param>
/// <param name="Notes">Facts the user should know (bundled references used, projects found...).</param>
/// <param name="FilesAnalyzed">How many C# files were analyzed.</param>
/// <param name="LinesAnalyzed">Lines in those files.</param>
public sealed record LintReport(IReadOnlyList<PmcDiagnostic> Findings, IReadOnlyList<SkippedFile> Skipped, IReadOnlyList<string> Notes, int FilesAnalyzed, long LinesAnalyzed)
{
    /// <summary>Analyzer time per rule ID, when requested.</summary>
    public IReadOnlyDictionary<string, TimeSpan> AnalyzerTimes { get; init; } = new Dictionary<string, TimeSpan>();
}

/// <summary>Bad user input to lint (missing path, unsupported file type): front ends print the message and exit 2.</summary>
public sealed class LintInputException(string message) : Exception(message);

/// <summary>
/// Runs the PMC analyzers over a .cs file, a folder, a .csproj or a .sln/.slnx. Projects use their restored references
/// (<c>obj/project.assets.json</c>) and their Compile items; a file its project leaves out of the build is analyzed alone
/// with that project's references; loose files use the bundled ML.NET/TorchSharp references. No MSBuild evaluation.
/// </summary>
public static partial class LintEngine
{
    /// <summary>Analyzes every path and merges the results. Throws <see cref="LintInputException"/> for a path that does not exist or is not lintable.</summary>
    public static async Task<LintReport> LintAsync(IReadOnlyList<string> paths, LintOptions options, CancellationToken cancellationToken)
    {
        var resolver = options.References ?? ReferenceResolver.Shared;
        var units = new List<(SourceLayout Layout, HashSet<string>? OnlyFiles)>();
        var notes = new List<string>();
        foreach (var path in paths)
            units.AddRange(Plan(path, notes));

        var findings = new List<PmcDiagnostic>();
        var skipped = new List<SkippedFile>();
        var analyzedFiles = new HashSet<string>(StringComparer.Ordinal);
        var times = new Dictionary<string, TimeSpan>();
        long lines = 0;
        foreach (var (layout, onlyFiles) in units)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var references = layout.ReferenceProject is null ? resolver.Bundled() : resolver.ForProject(layout.ReferenceProject);
            if (references.Note is not null)
                notes.Add(references.Note);
            using var workspace = new AdhocWorkspace();
            var unitSkipped = new List<SkippedFile>();
            var solution = ProjectBuilder.AddProject(workspace.CurrentSolution, layout, references, texts: null, skipSyntaxErrors: true, unitSkipped, out var projectId);
            skipped.AddRange(unitSkipped.Where(s => onlyFiles is null || onlyFiles.Contains(s.FilePath)));
            var project = solution.GetProject(projectId)!;
            var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation is null)
                continue;
            foreach (var tree in compilation.SyntaxTrees)
            {
                if (IsGeneratedPath(tree.FilePath) || (onlyFiles is not null && !onlyFiles.Contains(tree.FilePath)))
                    continue;
                if (analyzedFiles.Add(tree.FilePath))
                    lines += (await tree.GetTextAsync(cancellationToken).ConfigureAwait(false)).Lines.Count;
            }

            var analyzerOptions = new CompilationWithAnalyzersOptions(project.AnalyzerOptions, onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: options.LogAnalyzerExecutionTime, reportSuppressedDiagnostics: false);
            var withAnalyzers = compilation.WithAnalyzers(AnalyzerCatalog.Analyzers, analyzerOptions);
            var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
            findings.AddRange(diagnostics
                .Where(d => d.Id.StartsWith("PMC", StringComparison.Ordinal) && d.Severity != DiagnosticSeverity.Hidden && d.Location.IsInSource)
                .Where(d => onlyFiles is null || onlyFiles.Contains(d.Location.SourceTree!.FilePath))
                .Select(ProjectBuilder.ToPmc));
            if (options.LogAnalyzerExecutionTime)
            {
                foreach (var analyzer in AnalyzerCatalog.Analyzers)
                {
                    var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, cancellationToken).ConfigureAwait(false);
                    var id = analyzer.SupportedDiagnostics[0].Id;
                    times[id] = times.GetValueOrDefault(id) + telemetry.ExecutionTime;
                }
            }
        }

        var ordered = findings
            .Distinct()
            .OrderBy(f => f.FilePath, StringComparer.Ordinal)
            .ThenBy(f => f.Range.Start.Line)
            .ThenBy(f => f.Range.Start.Character)
            .ThenBy(f => f.Id, StringComparer.Ordinal)
            .ToList();
        var skippedDistinct = skipped.DistinctBy(s => s.FilePath).OrderBy(s => s.FilePath, StringComparer.Ordinal).ToList();
        return new LintReport(ordered, skippedDistinct, notes.Distinct().ToList(), analyzedFiles.Count, lines) { AnalyzerTimes = times };
    }

    private static bool IsGeneratedPath(string path) => path.EndsWith(".g.cs", StringComparison.OrdinalIgnoreCase);

    /// <summary>Turns a user path into analysis units: projects, or a loose folder/file with a filter on the files to report.</summary>
    private static IEnumerable<(SourceLayout, HashSet<string>?)> Plan(string path, List<string> notes)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new LintInputException("No path given: pass a .cs file, a folder, a .csproj or a .sln.");
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            return PlanFolder(full, notes);
        if (!File.Exists(full))
            throw new LintInputException($"Path not found: {path}");
        var extension = Path.GetExtension(full).ToLowerInvariant();
        switch (extension)
        {
            case ".cs":
                // The file is analyzed with what the build compiles it with: its project, or alone when the project leaves it out.
                return [(SourceLayout.ForFile(full), new HashSet<string>(StringComparer.Ordinal) { full })];
            case ".csproj":
                return [(SourceLayout.ForProject(full), null)];
            case ".sln":
            case ".slnx":
                var projects = ReadSolution(full);
                if (projects.Count == 0)
                    throw new LintInputException($"{path} lists no C# projects.");
                return projects.Select(p => (SourceLayout.ForProject(p), (HashSet<string>?)null)).ToList();
            default:
                throw new LintInputException($"Cannot lint '{path}': expected a .cs file, a folder, a .csproj or a .sln.");
        }
    }

    private static List<(SourceLayout, HashSet<string>?)> PlanFolder(string folder, List<string> notes)
    {
        var solutions = Directory.GetFiles(folder, "*.sln").Concat(Directory.GetFiles(folder, "*.slnx")).ToList();
        var projects = FindProjects(folder);
        if (projects.Count > 0)
        {
            notes.Add($"{projects.Count} project(s) found under {folder}");
            return projects.Select(p => (SourceLayout.ForProject(p), (HashSet<string>?)null)).ToList();
        }

        if (solutions.Count > 0)
            return ReadSolution(solutions[0]).Select(p => (SourceLayout.ForProject(p), (HashSet<string>?)null)).ToList();
        var enclosing = SourceLayout.EnclosingProject(folder);
        if (enclosing is not null)
            return PlanFolderInProject(folder, enclosing);
        return [(SourceLayout.ForFolder(folder), null)];
    }

    /// <summary>
    /// A folder inside a project: its files that the project compiles are analyzed with the whole project (helpers elsewhere
    /// in it count, as in the build), the ones it leaves out each on their own, as <see cref="SourceLayout.ForFile"/> does.
    /// </summary>
    private static List<(SourceLayout, HashSet<string>?)> PlanFolderInProject(string folder, string projectFile)
    {
        var project = SourceLayout.ForProject(projectFile);
        var compiled = new HashSet<string>(project.SourceFiles, StringComparer.Ordinal);
        var inFolder = new HashSet<string>(StringComparer.Ordinal);
        var units = new List<(SourceLayout, HashSet<string>?)>();
        foreach (var file in SourceLayout.FilesUnder(folder).Take(SourceLayout.MaxFiles))
        {
            if (compiled.Contains(file))
                inFolder.Add(file);
            else
                units.Add((SourceLayout.Standalone(file, projectFile), null));
        }

        if (inFolder.Count > 0)
            units.Insert(0, (project, inFolder));
        return units;
    }

    private static List<string> FindProjects(string folder)
    {
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            try
            {
                found.AddRange(Directory.GetFiles(current, "*.csproj"));
                foreach (var child in Directory.GetDirectories(current))
                {
                    var name = Path.GetFileName(child);
                    if (name is "bin" or "obj" or "node_modules" or "artifacts" || name.StartsWith('.'))
                        continue;
                    pending.Push(child);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Unreadable folders are left out, like unreadable files.
            }
        }

        found.Sort(StringComparer.Ordinal);
        return found;
    }

    /// <summary>The .csproj paths a .sln or .slnx lists.</summary>
    public static List<string> ReadSolution(string solutionFile)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(solutionFile))!;
        IEnumerable<string> relative;
        try
        {
            if (solutionFile.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase))
            {
                relative = XDocument.Load(solutionFile).Descendants("Project").Select(p => (string?)p.Attribute("Path")).OfType<string>();
            }
            else
            {
                relative = SolutionProject().Matches(File.ReadAllText(solutionFile)).Select(m => m.Groups["path"].Value);
            }

            return relative
                .Where(p => p.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
                .Select(p => Path.GetFullPath(Path.Combine(folder, p.Replace('\\', Path.DirectorySeparatorChar))))
                .Where(File.Exists)
                .Distinct(StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Xml.XmlException)
        {
            throw new LintInputException($"Cannot read {solutionFile}: {e.Message}");
        }
    }

    [GeneratedRegex(@"^Project\(""\{[^}]+\}""\)\s*=\s*""[^""]*"",\s*""(?<path>[^""]+)""", RegexOptions.Multiline)]
    private static partial Regex SolutionProject();
}
