using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace PmCopilot.Llama.Models;

/// <summary>What to fetch and how to check it. <see cref="ExpectedSha256"/> null means trust-on-first-download.</summary>
public sealed record DownloadRequest(Uri Url, string FileName, string? ExpectedSha256, bool Force = false);

/// <summary>Bytes so far of a download; <see cref="TotalBytes"/> is null when the server did not say.</summary>
public sealed record DownloadProgress(string Stage, long Bytes, long? TotalBytes);

public enum DownloadOutcome
{
    Downloaded,

    /// <summary>The file was already installed; nothing was fetched.</summary>
    AlreadyPresent,
}

/// <param name="PinnedNow">True when no hash was known and the computed one was recorded in pins.json.</param>
public sealed record DownloadResult(DownloadOutcome Outcome, string Path, string Sha256, long SizeBytes, bool Resumed, bool PinnedNow);

/// <summary>A download failed in a way the user can act on; the message says what happened and what to do.</summary>
public sealed class ModelDownloadException : Exception
{
    public ModelDownloadException(string message, bool partialKept = false, Exception? inner = null)
        : base(message, inner) => PartialKept = partialKept;

    /// <summary>A <c>.part</c> file was kept so running the same pull again resumes.</summary>
    public bool PartialKept { get; }
}

/// <summary>
/// Downloads a model into a <see cref="ModelStore"/>: into <c>NAME.part</c>, resuming it with an HTTP Range request
/// when it exists, then checks the GGUF signature and the sha256 and only then renames it over <c>NAME</c>.
/// A failed check deletes the <c>.part</c> and never touches an installed file.
/// </summary>
public sealed class ModelDownloader
{
    private readonly HttpClient http;

    public ModelDownloader(HttpClient http) => this.http = http;

    public static HttpClient CreateHttpClient()
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 10,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("pmcopilot", "1.0"));
        return client;
    }

    public async Task<DownloadResult> DownloadAsync(DownloadRequest request, ModelStore store, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var target = store.PathOf(request.FileName);
        var expected = request.ExpectedSha256 is { } given ? Sha256Text.Normalize(given) : store.PinOf(request.FileName)?.Sha256;
        if (expected is not null && !Sha256Text.IsValid(expected))
        {
            throw new ArgumentException($"'{request.ExpectedSha256}' is not a sha256 (64 hex digits).", nameof(request));
        }

        if (File.Exists(target) && !request.Force)
        {
            return new DownloadResult(DownloadOutcome.AlreadyPresent, target, expected ?? "", new FileInfo(target).Length, Resumed: false, PinnedNow: false);
        }

        Directory.CreateDirectory(store.Directory);
        var part = target + ModelStore.PartialSuffix;
        var (hash, resumed) = await FetchIntoPartAsync(request.Url, part, progress, cancellationToken).ConfigureAwait(false);

        return await FinishAsync(store, request.FileName, part, target, hash, expected, request.Url.ToString(), resumed, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Installs a local file: copies it to <c>.part</c>, checks it like a download, then renames it into place.</summary>
    public static async Task<DownloadResult> ImportAsync(string sourcePath, string? expectedSha256, bool force, ModelStore store, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileName(sourcePath);
        var target = store.PathOf(fileName);
        if (string.Equals(Path.GetFullPath(sourcePath), target, StringComparison.Ordinal))
        {
            throw new ModelDownloadException($"{sourcePath} is already in the models folder.");
        }

        var expected = expectedSha256 is { } given ? Sha256Text.Normalize(given) : store.PinOf(fileName)?.Sha256;
        if (File.Exists(target) && !force)
        {
            return new DownloadResult(DownloadOutcome.AlreadyPresent, target, expected ?? "", new FileInfo(target).Length, false, false);
        }

        Directory.CreateDirectory(store.Directory);
        var part = target + ModelStore.PartialSuffix;
        var total = new FileInfo(sourcePath).Length;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var source = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan | FileOptions.Asynchronous))
        await using (var destination = new FileStream(part, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous))
        {
            await CopyAsync(source, destination, hash, 0, total, "copy", progress, cancellationToken).ConfigureAwait(false);
        }

        return await FinishAsync(store, fileName, part, target, hash, expected, Path.GetFullPath(sourcePath), resumed: false, progress, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<DownloadResult> FinishAsync(
        ModelStore store, string fileName, string part, string target, IncrementalHash hash, string? expected, string source, bool resumed,
        IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        hash.Dispose();
        var size = new FileInfo(part).Length;
        progress?.Report(new DownloadProgress("verify", size, size));

        if (!await Gguf.HasMagicAsync(part, cancellationToken).ConfigureAwait(false))
        {
            File.Delete(part);
            throw new ModelDownloadException($"What {source} returned is not a GGUF model file (no GGUF signature); nothing was installed.");
        }

        if (expected is not null && !string.Equals(expected, actual, StringComparison.Ordinal))
        {
            File.Delete(part);
            var kept = File.Exists(target) ? $" The installed {fileName} was left as it was." : "";
            throw new ModelDownloadException($"sha256 mismatch for {fileName}: expected {expected}, got {actual}. The download was discarded.{kept}");
        }

        File.Move(part, target, overwrite: true);
        var pinnedNow = false;
        if (expected is null)
        {
            store.SetPin(fileName, new ModelPin(actual, source, DateTimeOffset.UtcNow));
            pinnedNow = true;
        }

        return new DownloadResult(DownloadOutcome.Downloaded, target, actual, size, resumed, pinnedNow);
    }

    private async Task<(IncrementalHash Hash, bool Resumed)> FetchIntoPartAsync(Uri url, string part, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            long have = File.Exists(part) ? new FileInfo(part).Length : 0;
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (have > 0)
            {
                request.Headers.Range = new RangeHeaderValue(have, null);
            }

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                throw new ModelDownloadException($"Could not reach {url.Host}: {ex.Message}", File.Exists(part), ex);
            }

            using (response)
            {
                var resumed = false;
                if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && have > 0)
                {
                    // The .part is already as long as (or longer than) the file: check what we have.
                    var total = response.Content.Headers.ContentRange?.Length;
                    if (total == have)
                    {
                        await using var existing = new FileStream(part, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous);
                        await ModelStore.HashStreamAsync(existing, hash, null, cancellationToken).ConfigureAwait(false);
                        return (hash, true);
                    }

                    File.Delete(part);
                    throw new ModelDownloadException($"The partial download of {Path.GetFileName(part)} did not match the server's file and was deleted; run the pull again.");
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new ModelDownloadException(
                        $"{url} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}." + (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                            ? " The file may need a login; download it in a browser and use 'pmcopilot models pull --file PATH'."
                            : ""),
                        File.Exists(part));
                }

                long offset = 0;
                FileMode mode = FileMode.Create;
                if (response.StatusCode == HttpStatusCode.PartialContent && have > 0)
                {
                    var range = response.Content.Headers.ContentRange;
                    if (range?.From != have)
                    {
                        File.Delete(part);
                        throw new ModelDownloadException($"The server resumed {url} at the wrong offset; the partial download was deleted, run the pull again.");
                    }

                    // Hash what is already on disk so the final hash covers the whole file.
                    await using (var existing = new FileStream(part, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous))
                    {
                        await ModelStore.HashStreamAsync(existing, hash, null, cancellationToken).ConfigureAwait(false);
                    }

                    offset = have;
                    mode = FileMode.Append;
                    resumed = true;
                }

                long? length = response.Content.Headers.ContentLength;
                long? totalBytes = length is { } l ? l + offset : null;
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using var file = new FileStream(part, mode, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous);
                long written;
                try
                {
                    written = await CopyAsync(body, file, hash, offset, totalBytes, "download", progress, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException)
                {
                    throw new ModelDownloadException(
                        $"The connection dropped while downloading {Path.GetFileName(part[..^ModelStore.PartialSuffix.Length])} ({ex.Message}). "
                        + "What arrived is kept; run the same command again to resume.", partialKept: true, ex);
                }

                if (totalBytes is { } expectedTotal && written != expectedTotal)
                {
                    throw new ModelDownloadException(
                        $"The download ended after {written:N0} of {expectedTotal:N0} bytes. What arrived is kept; run the same command again to resume.", partialKept: true);
                }

                return (hash, resumed);
            }
        }
        catch
        {
            hash.Dispose();
            throw;
        }
    }

    private static async Task<long> CopyAsync(Stream source, Stream destination, IncrementalHash hash, long offset, long? total, string stage, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 18];
        var position = offset;
        progress?.Report(new DownloadProgress(stage, position, total));
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            hash.AppendData(buffer, 0, read);
            position += read;
            progress?.Report(new DownloadProgress(stage, position, total));
        }

        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        return position;
    }
}
