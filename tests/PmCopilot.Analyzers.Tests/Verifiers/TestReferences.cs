using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace PmCopilot.Analyzers.Tests.Verifiers;

/// <summary>
/// Offline references for test compilations: the running framework's assemblies plus the real Microsoft.ML and TorchSharp
/// assemblies this test project references (all on the trusted-platform list), so no reference pack is downloaded.
/// </summary>
public static class TestReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_all = new(Load);

    public static ImmutableArray<MetadataReference> All => s_all.Value;

    /// <summary>An empty reference set: nothing to resolve from NuGet; <see cref="All"/> is added as additional references.</summary>
    public static ReferenceAssemblies None { get; } = new("net10.0");

    private static ImmutableArray<MetadataReference> Load()
    {
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return trusted
            .Where(path => IsWanted(Path.GetFileNameWithoutExtension(path)))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }

    private static bool IsWanted(string name)
    {
        return name is "mscorlib" or "netstandard" or "TorchSharp"
            || name.StartsWith("System.", StringComparison.Ordinal) && !name.StartsWith("System.Private.", StringComparison.Ordinal) || name == "System.Private.CoreLib" || name == "System"
            || name.StartsWith("Microsoft.ML", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.Win32.", StringComparison.Ordinal);
    }
}
