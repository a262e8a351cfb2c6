namespace PmCopilot.Lint.Analysis;

/// <summary>Which C# files form one analysis project: a .csproj's folder tree, or a loose folder.</summary>
internal sealed class SourceLayout
{
    private static readonly HashSet<string> s_skippedFolders = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", ".git", ".vs", "node_modules", "artifacts", "TestResults" };

    private SourceLayout(string key, string name, string directory, string? projectFile, IReadOnlyList<string> sourceFiles, string? referenceProject = null)
    {
        Key = key;
        Name = name;
        Directory = directory;
        ProjectFile = projectFile;
        SourceFiles = sourceFiles;
        ReferenceProject = referenceProject ?? projectFile;
    }

    /// <summary>Identity of the project: the .csproj path, or "dir:" + folder for loose files.</summary>
    public string Key { get; }

    public string Name { get; }

    public string Directory { get; }

    public string? ProjectFile { get; }

    public IReadOnlyList<string> SourceFiles { get; }

    /// <summary>
    /// The project whose restored references the files compile against: <see cref="ProjectFile"/>, or for a file its
    /// enclosing project leaves out of the build, that project (its packages are the ones the file was written for).
    /// Null: the bundled references.
    /// </summary>
    public string? ReferenceProject { get; }

    public const int MaxFiles = 5000;

    /// <summary>
    /// The nearest enclosing .csproj of a file; the file alone (with that project's references) when the project does not
    /// compile it; its folder (non-recursive) when there is no project.
    /// </summary>
    public static SourceLayout ForFile(string file)
    {
        var full = Path.GetFullPath(file);
        var project = EnclosingProject(Path.GetDirectoryName(full)!);
        if (project is not null)
        {
            var layout = ForProject(project);
            // Compiling it with the project's files would give findings the build never produces (a seed set in a file
            // beside it, helpers of the same name...): a file the project removes or never picks up is a program of its own.
            return layout.SourceFiles.Contains(full, StringComparer.Ordinal) ? layout : Standalone(full, project);
        }

        var folder = Path.GetDirectoryName(full)!;
        var files = SafeFiles(folder, recursive: false).ToList();
        if (!files.Contains(full, StringComparer.Ordinal))
            files.Add(full);
        return new SourceLayout("dir:" + folder, Path.GetFileName(folder), folder, null, files);
    }

    /// <summary>The nearest .csproj in the folder or above it (the first by name when a folder holds several).</summary>
    public static string? EnclosingProject(string directory)
    {
        for (var dir = Path.GetFullPath(directory); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            string[] projects;
            try
            {
                projects = System.IO.Directory.GetFiles(dir, "*.csproj");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }

            if (projects.Length > 0)
                return projects.OrderBy(p => p, StringComparer.Ordinal).First();
        }

        return null;
    }

    /// <summary>One file compiled on its own against <paramref name="referenceProject"/>'s references.</summary>
    public static SourceLayout Standalone(string file, string? referenceProject)
    {
        var full = Path.GetFullPath(file);
        return new SourceLayout("file:" + full, Path.GetFileNameWithoutExtension(full), Path.GetDirectoryName(full)!, null, [full], referenceProject);
    }

    /// <summary>The .cs files under a folder, skipping build output and tool folders (nested projects included).</summary>
    public static IEnumerable<string> FilesUnder(string folder) => CollectProjectFiles(Path.GetFullPath(folder), isRoot: true, stopAtProjects: false);

    /// <summary>The project's folder tree (nested projects and build output left out), then its Compile items applied.</summary>
    public static SourceLayout ForProject(string projectFile)
    {
        var full = Path.GetFullPath(projectFile);
        var directory = Path.GetDirectoryName(full)!;
        var files = CompileItems.Apply(full, () => CollectProjectFiles(directory, isRoot: true)).Take(MaxFiles).ToList();
        var globalUsings = GlobalUsingsFile(directory);
        if (globalUsings is not null)
            files.Add(globalUsings);
        return new SourceLayout(full, Path.GetFileNameWithoutExtension(full), directory, full, files);
    }

    public static SourceLayout ForFolder(string folder)
    {
        var full = Path.GetFullPath(folder);
        return new SourceLayout("dir:" + full, Path.GetFileName(full), full, null, CollectProjectFiles(full, isRoot: true, stopAtProjects: false).Take(MaxFiles).ToList());
    }

    /// <summary>SDK projects put implicit global usings in obj/&lt;config&gt;/&lt;tfm&gt;/*.GlobalUsings.g.cs; binding needs them.</summary>
    private static string? GlobalUsingsFile(string directory)
    {
        var obj = Path.Combine(directory, "obj");
        if (!System.IO.Directory.Exists(obj))
            return null;
        try
        {
            return System.IO.Directory.EnumerateFiles(obj, "*.GlobalUsings.g.cs", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal).FirstOrDefault();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static IEnumerable<string> CollectProjectFiles(string directory, bool isRoot, bool stopAtProjects = true)
    {
        if (!isRoot && stopAtProjects && SafeFiles(directory, false, "*.csproj").Any())
            yield break;
        foreach (var file in SafeFiles(directory, recursive: false))
            yield return file;
        string[] children;
        try
        {
            children = System.IO.Directory.GetDirectories(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var child in children.OrderBy(c => c, StringComparer.Ordinal))
        {
            if (s_skippedFolders.Contains(Path.GetFileName(child)) || Path.GetFileName(child).StartsWith('.'))
                continue;
            foreach (var file in CollectProjectFiles(child, isRoot: false, stopAtProjects))
                yield return file;
        }
    }

    private static IEnumerable<string> SafeFiles(string directory, bool recursive, string pattern = "*.cs")
    {
        try
        {
            return System.IO.Directory.GetFiles(directory, pattern, recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly).OrderBy(p => p, StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>.editorconfig files from the folder up to the file-system root, nearest last (later ones win).</summary>
    public IEnumerable<string> EditorConfigs()
    {
        var found = new List<string>();
        for (var dir = Directory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            var candidate = Path.Combine(dir, ".editorconfig");
            if (File.Exists(candidate))
                found.Add(candidate);
        }

        found.Reverse();
        return found;
    }

    public bool IsExecutable()
    {
        if (ProjectFile is null)
            return true;
        try
        {
            return File.ReadAllText(ProjectFile).Contains("<OutputType>Exe</OutputType>", StringComparison.OrdinalIgnoreCase);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
