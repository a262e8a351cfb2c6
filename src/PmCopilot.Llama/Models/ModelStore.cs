using System.Security.Cryptography;
using System.Text.Json;

namespace PmCopilot.Llama.Models;

/// <summary>An installed model file.</summary>
public sealed record InstalledModel(string FileName, string Path, long SizeBytes, CatalogEntry? CatalogEntry);

/// <summary>The hash a file was first downloaded with, for models whose publisher hash we could not check.</summary>
public sealed record ModelPin(string Sha256, string? Source, DateTimeOffset PinnedAt);

public enum VerifyOutcome
{
    /// <summary>Hash matches the catalog's verified hash or the pin.</summary>
    Match,

    Mismatch,

    /// <summary>No hash known to compare with (file was copied in by hand).</summary>
    Unpinned,

    NotGguf,
}

public sealed record VerifyResult(InstalledModel Model, VerifyOutcome Outcome, string ActualSha256, string? ExpectedSha256, string ExpectedFrom);

/// <summary>
/// The models folder: GGUF files plus <c>pins.json</c>. Every write into it goes through a temporary name and a
/// rename so a good file is never replaced by a half-written one.
/// </summary>
public sealed class ModelStore
{
    public const string PinsFileName = "pins.json";
    public const string PartialSuffix = ".part";

    private static readonly JsonSerializerOptions PinJson = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private readonly Lock pinsLock = new();

    public ModelStore(string directory, ModelCatalog? catalog = null)
    {
        Directory = System.IO.Path.GetFullPath(directory);
        Catalog = catalog ?? ModelCatalog.Empty;
    }

    public string Directory { get; }

    public ModelCatalog Catalog { get; }

    public string PinsPath => System.IO.Path.Combine(Directory, PinsFileName);

    /// <summary>Where a model file of this name lives (it may not exist).</summary>
    public string PathOf(string fileName)
    {
        var name = System.IO.Path.GetFileName(fileName);
        if (name.Length == 0 || name != fileName)
        {
            throw new ArgumentException($"'{fileName}' is not a plain file name.", nameof(fileName));
        }

        return System.IO.Path.Combine(Directory, name);
    }

    public IReadOnlyList<InstalledModel> Installed()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        return new DirectoryInfo(Directory).EnumerateFiles("*.gguf")
            .OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
            .Select(f => (File: f, Size: SizeOf(f)))
            .Where(f => f.Size is not null)
            .Select(f => new InstalledModel(f.File.Name, f.File.FullName, f.Size!.Value, Catalog.FindByFileName(f.File.Name)))
            .ToList();
    }

    /// <summary>A model linked into the folder (a shared models directory) counts with its target's size; a dangling link not at all.</summary>
    private static long? SizeOf(FileInfo file)
    {
        if (file.LinkTarget is null)
            return file.Length;
        return file.ResolveLinkTarget(returnFinalTarget: true) is FileInfo { Exists: true } target ? target.Length : null;
    }

    /// <summary>
    /// Finds the file for a catalog name, a file name in the models folder, or a path. Returns null when none exists;
    /// <paramref name="catalogEntry"/> says whether the name was a catalog name (so the caller can suggest a pull).
    /// </summary>
    public string? Resolve(string nameOrPath, out CatalogEntry? catalogEntry)
    {
        catalogEntry = Catalog.Find(nameOrPath);
        if (catalogEntry is not null)
        {
            var path = PathOf(catalogEntry.FileName);
            return File.Exists(path) ? path : null;
        }

        if (nameOrPath.IndexOfAny(['/', '\\']) < 0)
        {
            var inStore = System.IO.Path.Combine(Directory, nameOrPath);
            if (File.Exists(inStore))
            {
                return inStore;
            }

            if (File.Exists(inStore + ".gguf"))
            {
                return inStore + ".gguf";
            }
        }

        var full = System.IO.Path.GetFullPath(nameOrPath);
        return File.Exists(full) ? full : null;
    }

    public IReadOnlyDictionary<string, ModelPin> ReadPins()
    {
        lock (pinsLock)
        {
            return ReadPinsUnlocked();
        }
    }

    public ModelPin? PinOf(string fileName) => ReadPins().GetValueOrDefault(fileName);

    public void SetPin(string fileName, ModelPin pin)
    {
        lock (pinsLock)
        {
            var pins = new SortedDictionary<string, ModelPin>(ReadPinsUnlocked().ToDictionary(), StringComparer.Ordinal) { [fileName] = pin };
            AtomicFile.WriteAllText(PinsPath, JsonSerializer.Serialize(pins, PinJson));
        }
    }

    public void RemovePin(string fileName)
    {
        lock (pinsLock)
        {
            var pins = ReadPinsUnlocked().ToDictionary();
            if (pins.Remove(fileName))
            {
                AtomicFile.WriteAllText(PinsPath, JsonSerializer.Serialize(new SortedDictionary<string, ModelPin>(pins, StringComparer.Ordinal), PinJson));
            }
        }
    }

    /// <summary>The hash a file must have: the catalog's when it was checked, else the pin, else none.</summary>
    public (string? Sha256, string From) ExpectedHash(string fileName)
    {
        var entry = Catalog.FindByFileName(fileName);
        if (entry?.Sha256 is { } catalogHash)
        {
            return (Sha256Text.Normalize(catalogHash), entry.Verified ? "catalog" : "catalog (unverified)");
        }

        return PinOf(fileName) is { } pin ? (pin.Sha256, "pin") : (null, "none");
    }

    /// <summary>Deletes the model file, its partial download and its pin. Returns false when there was nothing.</summary>
    public bool Remove(string fileName)
    {
        var path = PathOf(fileName);
        var existed = File.Exists(path) || File.Exists(path + PartialSuffix);
        File.Delete(path);
        File.Delete(path + PartialSuffix);
        RemovePin(fileName);
        return existed;
    }

    public async Task<VerifyResult> VerifyAsync(InstalledModel model, IProgress<long>? bytesHashed, CancellationToken cancellationToken)
    {
        var (expected, from) = ExpectedHash(model.FileName);
        if (!await Gguf.HasMagicAsync(model.Path, cancellationToken).ConfigureAwait(false))
        {
            return new VerifyResult(model, VerifyOutcome.NotGguf, "", expected, from);
        }

        var actual = await HashFileAsync(model.Path, bytesHashed, cancellationToken).ConfigureAwait(false);
        var outcome = expected is null ? VerifyOutcome.Unpinned
            : string.Equals(expected, actual, StringComparison.Ordinal) ? VerifyOutcome.Match
            : VerifyOutcome.Mismatch;
        return new VerifyResult(model, outcome, actual, expected, from);
    }

    public static async Task<string> HashFileAsync(string path, IProgress<long>? bytesHashed, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan | FileOptions.Asynchronous);
        await HashStreamAsync(stream, hash, bytesHashed, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    internal static async Task HashStreamAsync(Stream stream, IncrementalHash hash, IProgress<long>? bytesHashed, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 20];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            total += read;
            bytesHashed?.Report(total);
        }
    }

    private Dictionary<string, ModelPin> ReadPinsUnlocked()
    {
        if (!File.Exists(PinsPath))
        {
            return new Dictionary<string, ModelPin>(StringComparer.Ordinal);
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, ModelPin>>(File.ReadAllText(PinsPath), PinJson)
                ?? new Dictionary<string, ModelPin>(StringComparer.Ordinal);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{PinsPath} is not valid JSON ({ex.Message}); fix or delete it.", ex);
        }
    }
}

/// <summary>Checks the four-byte GGUF signature.</summary>
public static class Gguf
{
    public static ReadOnlySpan<byte> Magic => "GGUF"u8;

    public static async Task<bool> HasMagicAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 16, FileOptions.Asynchronous);
        var head = new byte[4];
        var read = await stream.ReadAtLeastAsync(head, 4, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return read == 4 && head.AsSpan().SequenceEqual(Magic);
    }
}

/// <summary>Writes through a temporary file in the same folder and renames it over the target.</summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string contents)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        System.IO.Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temp, contents);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
