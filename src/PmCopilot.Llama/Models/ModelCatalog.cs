using System.Text.Json;
using System.Text.Json.Serialization;

namespace PmCopilot.Llama.Models;

/// <summary>One downloadable model of <c>models/catalog.json</c>.</summary>
public sealed record CatalogEntry
{
    public required string Name { get; init; }

    public string? DisplayName { get; init; }

    /// <summary>Which machine it is meant for: cpu, gpu-8gb, gpu-16gb, gpu-24gb+.</summary>
    public string? Tier { get; init; }

    public required string FileName { get; init; }

    public required string Url { get; init; }

    public string? SourcePage { get; init; }

    /// <summary>Rounded figure from the publisher's page; only for display and "fits this machine" estimates.</summary>
    public long? ApproxSizeBytes { get; init; }

    /// <summary>Null when nobody could check it; the downloader then pins the first download's hash.</summary>
    public string? Sha256 { get; init; }

    public bool Verified { get; init; }

    public string? License { get; init; }

    public int? ContextLength { get; init; }

    public string? ChatTemplate { get; init; }

    public IReadOnlyList<string> Languages { get; init; } = [];
}

/// <summary>The models we recommend, read from <c>models/catalog.json</c>.</summary>
public sealed class ModelCatalog
{
    public const string FileName = "catalog.json";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public ModelCatalog(IReadOnlyList<CatalogEntry> entries) => Entries = entries;

    public static ModelCatalog Empty { get; } = new([]);

    public IReadOnlyList<CatalogEntry> Entries { get; }

    public CatalogEntry? Find(string name) =>
        Entries.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? Entries.FirstOrDefault(e => string.Equals(e.FileName, name, StringComparison.OrdinalIgnoreCase));

    public CatalogEntry? FindByFileName(string fileName) =>
        Entries.FirstOrDefault(e => string.Equals(e.FileName, fileName, StringComparison.OrdinalIgnoreCase));

    public static ModelCatalog Parse(string json)
    {
        var document = JsonSerializer.Deserialize<CatalogDocument>(json, JsonOptions)
            ?? throw new InvalidDataException("The model catalog is empty.");
        var entries = document.Models ?? [];
        foreach (var entry in entries)
        {
            if (entry.FileName.IndexOfAny(['/', '\\']) >= 0 || entry.FileName is "." or "..")
            {
                throw new InvalidDataException($"Catalog entry '{entry.Name}' has a file name with a path in it.");
            }

            if (entry.Sha256 is { } hash && !Sha256Text.IsValid(hash))
            {
                throw new InvalidDataException($"Catalog entry '{entry.Name}' has a malformed sha256.");
            }
        }

        return new ModelCatalog(entries);
    }

    public static ModelCatalog Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>The catalog shipped next to the program (copied into <c>models/</c> of the output folder), or the repository's.</summary>
    public static ModelCatalog LoadDefault()
    {
        foreach (var candidate in DefaultLocations())
        {
            if (File.Exists(candidate))
            {
                return Load(candidate);
            }
        }

        return Empty;
    }

    private static IEnumerable<string> DefaultLocations()
    {
        yield return Path.Combine(AppContext.BaseDirectory, "models", FileName);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PmCopilot.sln")))
            {
                yield return Path.Combine(dir.FullName, "models", FileName);
                yield break;
            }
        }
    }

    private sealed record CatalogDocument
    {
        [JsonPropertyName("models")]
        public List<CatalogEntry>? Models { get; init; }
    }
}

internal static class Sha256Text
{
    public static bool IsValid(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigit);

    public static string Normalize(string text) => text.Trim().ToLowerInvariant();
}
