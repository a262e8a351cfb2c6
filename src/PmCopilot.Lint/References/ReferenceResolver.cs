using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.CodeAnalysis;

namespace PmCopilot.Lint.References;

/// <summary>Where a project's metadata references came from.</summary>
public enum ReferenceSource
{
    /// <summary>The compile assets listed in the project's restored <c>obj/project.assets.json</c>.</summary>
    ProjectAssets,

    /// <summary>The ML.NET and TorchSharp assemblies shipped with PmCopilot plus the running framework.</summary>
    Bundled,
}

/// <summary>The references one project compiles against.</summary>
/// <param name="References">Metadata references (framework first).</param>
/// <param name="Source">Whether they came from restore output or the bundled set.</param>
/// <param name="Note">Why the bundled set was used for a project, when it was; otherwise null.</param>
public sealed record ResolvedReferences(IReadOnlyList<MetadataReference> References, ReferenceSource Source, string? Note);

/// <summary>
/// Resolves metadata references without MSBuild evaluation: a restored project's <c>project.assets.json</c>, or the bundled
/// ML.NET/TorchSharp reference assemblies. Metadata is cached per file so projects share it.
/// </summary>
public sealed class ReferenceResolver
{
    private readonly ConcurrentDictionary<string, MetadataReference> _cache = new(StringComparer.Ordinal);
    private readonly Lazy<IReadOnlyList<string>> _framework = new(FindFrameworkAssemblies);
    private readonly string _bundledFolder;

    /// <param name="bundledFolder">Folder with the bundled Microsoft.ML*.dll and TorchSharp.dll; defaults to <c>refs/</c> beside this assembly.</param>
    public ReferenceResolver(string? bundledFolder = null)
    {
        _bundledFolder = bundledFolder ?? Path.Combine(AppContext.BaseDirectory, "refs");
    }

    /// <summary>One resolver per process is enough: metadata is immutable and shared.</summary>
    public static ReferenceResolver Shared { get; } = new();

    /// <summary>The framework's reference assemblies (reference pack of the running runtime, else its implementation assemblies).</summary>
    public IReadOnlyList<string> FrameworkAssemblies => _framework.Value;

    /// <summary>References for a loose file or folder: framework + bundled ML.NET and TorchSharp.</summary>
    public ResolvedReferences Bundled(string? note = null)
    {
        var paths = FrameworkAssemblies.Concat(BundledAssemblies());
        return new ResolvedReferences(Load(paths), ReferenceSource.Bundled, note);
    }

    /// <summary>The managed ML.NET/TorchSharp assemblies shipped under <c>refs/</c>.</summary>
    public IEnumerable<string> BundledAssemblies()
    {
        return Directory.Exists(_bundledFolder) ? Directory.EnumerateFiles(_bundledFolder, "*.dll").OrderBy(p => p, StringComparer.Ordinal) : [];
    }

    /// <summary>References for a project: its restored compile assets when <c>obj/project.assets.json</c> exists, else the bundled set.</summary>
    public ResolvedReferences ForProject(string projectFile)
    {
        var assets = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(projectFile))!, "obj", "project.assets.json");
        if (!File.Exists(assets))
            return Bundled($"{Path.GetFileName(projectFile)} is not restored (no obj/project.assets.json); using the bundled ML.NET and TorchSharp references");
        try
        {
            var compile = ReadCompileAssets(assets);
            return new ResolvedReferences(Load(FrameworkAssemblies.Concat(compile)), ReferenceSource.ProjectAssets, null);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException or KeyNotFoundException)
        {
            return Bundled($"{assets} could not be read ({e.Message}); using the bundled ML.NET and TorchSharp references");
        }
    }

    /// <summary>The compile-time assemblies of every package in the first framework target of a restore assets file.</summary>
    public static IReadOnlyList<string> ReadCompileAssets(string assetsFile)
    {
        using var stream = File.OpenRead(assetsFile);
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var root = document.RootElement;
        var packageFolders = root.TryGetProperty("packageFolders", out var folders) ? folders.EnumerateObject().Select(f => f.Name).ToList() : [];
        var libraries = root.GetProperty("libraries");
        var target = root.GetProperty("targets").EnumerateObject().OrderBy(t => t.Name.Contains('/') ? 1 : 0).First();
        var result = new List<string>();
        foreach (var library in target.Value.EnumerateObject())
        {
            if (!library.Value.TryGetProperty("type", out var type) || type.GetString() != "package")
                continue;
            if (!library.Value.TryGetProperty("compile", out var compile) || !libraries.TryGetProperty(library.Name, out var libraryInfo) || !libraryInfo.TryGetProperty("path", out var libraryPath))
                continue;
            foreach (var item in compile.EnumerateObject())
            {
                if (item.Name.EndsWith("_._", StringComparison.Ordinal) || !item.Name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                    continue;
                var relative = Path.Combine(libraryPath.GetString()!, item.Name);
                var full = packageFolders.Select(folder => Path.Combine(folder, relative)).FirstOrDefault(File.Exists);
                if (full is not null)
                    result.Add(full);
            }
        }

        return result;
    }

    private List<MetadataReference> Load(IEnumerable<string> paths)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var references = new List<MetadataReference>();
        foreach (var path in paths)
        {
            // The first assembly of a given name wins: framework before packages, as the compiler would pick the newer framework one.
            if (!seen.Add(Path.GetFileNameWithoutExtension(path)))
                continue;
            try
            {
                references.Add(_cache.GetOrAdd(path, static p => MetadataReference.CreateFromFile(p)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException)
            {
                // An unreadable reference is dropped; the analysis still runs with what remains.
            }
        }

        return references;
    }

    private static IReadOnlyList<string> FindFrameworkAssemblies()
    {
        var runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory();
        var packs = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", "..", "packs", "Microsoft.NETCore.App.Ref"));
        if (Directory.Exists(packs))
        {
            var runtimeVersion = Environment.Version;
            var candidates = Directory.GetDirectories(packs)
                .Select(d => (Dir: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
                .Where(c => c.Version is not null)
                .OrderByDescending(c => c.Version!.Major == runtimeVersion.Major ? 1 : 0)
                .ThenByDescending(c => c.Version);
            foreach (var candidate in candidates)
            {
                var refRoot = Path.Combine(candidate.Dir, "ref");
                if (!Directory.Exists(refRoot))
                    continue;
                var tfm = Directory.GetDirectories(refRoot).OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault();
                if (tfm is not null)
                {
                    var files = Directory.GetFiles(tfm, "*.dll");
                    if (files.Length > 0)
                        return files;
                }
            }
        }

        // No SDK packs (runtime-only install): compile against the runtime's implementation assemblies.
        return Directory.GetFiles(runtimeDirectory, "*.dll")
            .Where(p => Path.GetFileName(p) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.", StringComparison.Ordinal) || name is "mscorlib.dll" or "netstandard.dll")
                && !name.StartsWith("Microsoft.DiaSymReader", StringComparison.Ordinal))
            .Where(IsManagedAssembly)
            .ToList();
    }

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
            return reader.HasMetadata;
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
