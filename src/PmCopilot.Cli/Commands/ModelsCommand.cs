using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PmCopilot.Cli.Configuration;
using PmCopilot.Cli.Output;
using PmCopilot.Core.Jobs;
using PmCopilot.Llama.Models;
using Spectre.Console;

namespace PmCopilot.Cli.Commands;

/// <summary><c>pmcopilot models list|pull|verify|remove|path</c>: the models folder and the catalog.</summary>
internal static class ModelsCommand
{
    public static Command Create(CliApplication app)
    {
        var models = new Command("models", "List, download, verify and remove models");
        models.Add(CreateList(app));
        models.Add(CreatePull(app));
        models.Add(CreateVerify(app));
        models.Add(CreateRemove(app));
        models.Add(CreatePath(app));
        return models;
    }

    public static ModelStore OpenStore(CliSettings settings) => new(settings.ModelsDir.Value, ModelCatalog.LoadDefault());

    private static Command CreateList(CliApplication app)
    {
        var json = new Option<bool>("--json") { Description = "Machine-readable output" };
        var command = new Command("list", "The catalog and the installed models, with sizes and whether each fits this machine's memory") { json };
        command.SetAction((parse, ct) => app.RunAsync(parse, ct, (settings, console, _) =>
        {
            var store = OpenStore(settings);
            var installed = store.Installed();
            var memory = MachineMemoryBytes();
            var rows = store.Catalog.Entries.Select(e =>
            {
                var file = installed.FirstOrDefault(i => string.Equals(i.FileName, e.FileName, StringComparison.OrdinalIgnoreCase));
                return new ModelRow(e.Name, e.Tier ?? "", file?.SizeBytes ?? e.ApproxSizeBytes, file is not null, Fits(e.ApproxSizeBytes ?? file?.SizeBytes, memory), e.Verified && e.Sha256 is not null, e.License, file?.Path);
            }).ToList();
            rows.AddRange(installed.Where(i => i.CatalogEntry is null)
                .Select(i => new ModelRow(i.FileName, "local file", i.SizeBytes, true, Fits(i.SizeBytes, memory), store.PinOf(i.FileName) is not null, null, i.Path)));

            if (parse.GetValue(json))
            {
                console.Out.WriteLine(JsonSerializer.Serialize(new { modelsDir = store.Directory, memoryBytes = memory, models = rows }, CliJson.Options));
                return Task.FromResult(ExitCodes.Success);
            }

            var table = new Table().Border(TableBorder.Simple)
                .AddColumns("name", "for", "size", "installed", "fits RAM", "hash", "licence");
            foreach (var row in rows)
            {
                table.AddRow(
                    Markup.Escape(row.Name), Markup.Escape(row.Tier), FormatSize(row.SizeBytes), row.Installed ? "yes" : "-",
                    row.FitsMemory switch { true => "yes", false => "no", null => "?" }, row.HashChecked ? "checked" : "pinned on download", Markup.Escape(row.License ?? ""));
            }

            console.OutAnsi.Write(table);
            console.Out.WriteLine($"models folder: {store.Directory}   memory: {FormatSize(memory)}");
            console.Out.WriteLine("get one: pmcopilot models pull <name>");
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static Command CreatePull(CliApplication app)
    {
        var name = new Argument<string?>("name") { Description = "Catalog name (see 'models list')", Arity = ArgumentArity.ZeroOrOne };
        var url = new Option<string?>("--url") { Description = "Download a GGUF from this URL instead of the catalog" };
        var sha = new Option<string?>("--sha256") { Description = "Expected sha256 of the file (with --url or --file)" };
        var fileName = new Option<string?>("--as") { Description = "File name to save under (default: last part of the URL)" };
        var file = new Option<string?>("--file") { Description = "Install a GGUF file that is already on this machine" };
        var force = new Option<bool>("--force") { Description = "Download again even if the file is installed (the installed file is kept until the new one verifies)" };
        var command = new Command("pull", "Download a model (resumes an interrupted download, verifies sha256 and GGUF signature)") { name, url, sha, fileName, file, force };
        command.SetAction((parse, ct) => app.RunAsync(parse, ct, async (settings, console, token) =>
        {
            var store = OpenStore(settings);
            var given = new[] { parse.GetValue(name) is not null, parse.GetValue(url) is not null, parse.GetValue(file) is not null }.Count(b => b);
            if (given != 1)
            {
                throw new JobInputException("Give exactly one of: a catalog name, --url URL, or --file PATH. See 'pmcopilot models list'.");
            }

            var expected = parse.GetValue(sha);
            if (expected is not null && !(expected.Trim().Length == 64 && expected.Trim().All(char.IsAsciiHexDigit)))
            {
                throw new JobInputException($"--sha256 '{expected}' is not a sha256 (64 hex digits).");
            }

            using var progress = ProgressView.For(console, bytes: true);
            var sink = new SynchronousProgress<DownloadProgress>(p => progress.Report(p.Stage, p.Stage switch { "verify" => "Verifying", "copy" => "Copying", _ => "Downloading" }, p.Bytes, p.TotalBytes, bytes: true));

            DownloadResult result;
            string label;
            if (parse.GetValue(file) is { } localFile)
            {
                var path = Path.GetFullPath(localFile, console.WorkingDirectory);
                if (Directory.Exists(path))
                {
                    throw new JobInputException($"{path} is a folder; give the .gguf file.");
                }

                if (!File.Exists(path))
                {
                    throw new JobInputException($"{path} does not exist.");
                }

                label = Path.GetFileName(path);
                result = await ModelDownloader.ImportAsync(path, expected, parse.GetValue(force), store, sink, token);
            }
            else
            {
                Uri source;
                string targetName;
                string? hash = expected;
                if (parse.GetValue(url) is { } urlText)
                {
                    if (!Uri.TryCreate(urlText, UriKind.Absolute, out var parsedUrl) || parsedUrl.Scheme is not ("http" or "https"))
                    {
                        throw new JobInputException($"--url '{urlText}' is not an http(s) URL.");
                    }

                    source = parsedUrl;
                    targetName = parse.GetValue(fileName) ?? Uri.UnescapeDataString(parsedUrl.Segments[^1]);
                    if (!targetName.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase))
                    {
                        throw new JobInputException($"'{targetName}' does not end in .gguf; name the file with --as NAME.gguf.");
                    }
                }
                else
                {
                    var modelName = parse.GetValue(name)!;
                    var entry = store.Catalog.Find(modelName)
                        ?? throw new JobInputException($"'{modelName}' is not in the catalog. Known: {string.Join(", ", store.Catalog.Entries.Select(e => e.Name))}. Use --url or --file for other models.");
                    source = new Uri(entry.Url);
                    targetName = entry.FileName;
                    hash ??= entry.Sha256;
                    if (entry.Sha256 is null || !entry.Verified)
                    {
                        console.NoteOnce("unverified:" + entry.Name, $"note: no checked sha256 for {entry.Name}; the first download's hash will be pinned in {store.PinsPath} and checked from then on.");
                    }
                }

                if (Path.GetFileName(targetName) != targetName || targetName.Length == 0)
                {
                    throw new JobInputException($"'{targetName}' must be a plain file name.");
                }

                label = targetName;
                using var http = ModelDownloader.CreateHttpClient();
                result = await new ModelDownloader(http).DownloadAsync(new DownloadRequest(source, targetName, hash, parse.GetValue(force)), store, sink, token);
            }

            progress.Stop();
            if (result.Outcome == DownloadOutcome.AlreadyPresent)
            {
                console.Info($"{label} is already installed: {result.Path} (use --force to download again, 'models verify' to check it)");
            }
            else
            {
                if (result.PinnedNow)
                {
                    console.Warn($"no published sha256 to check {label} against; pinned {result.Sha256} in {store.PinsPath} (trust on first download).");
                }

                console.Info($"Installed {result.Path} ({FormatSize(result.SizeBytes)}, sha256 {result.Sha256}){(result.Resumed ? ", resumed" : "")}");
            }

            console.Out.WriteLine(result.Path);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreateVerify(CliApplication app)
    {
        var name = new Argument<string?>("name") { Description = "Model to check (default: every installed model)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("verify", "Re-hash installed models and compare with the catalog or the pinned hash") { name };
        command.SetAction((parse, ct) => app.RunAsync(parse, ct, async (settings, console, token) =>
        {
            var store = OpenStore(settings);
            var installed = store.Installed();
            if (parse.GetValue(name) is { } wanted)
            {
                var fileName = store.Catalog.Find(wanted)?.FileName ?? wanted;
                installed = installed.Where(i => string.Equals(i.FileName, fileName, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(i.FileName, fileName + ".gguf", StringComparison.OrdinalIgnoreCase)).ToList();
                if (installed.Count == 0)
                {
                    throw new ModelUnavailableException($"{wanted} is not installed in {store.Directory}.");
                }
            }

            if (installed.Count == 0)
            {
                console.Info($"No models installed in {store.Directory}.");
                return ExitCodes.Success;
            }

            var failures = 0;
            using var progress = ProgressView.For(console, bytes: true);
            var results = new List<VerifyResult>();
            foreach (var model in installed)
            {
                var sink = new SynchronousProgress<long>(done => progress.Report(model.FileName, "Hashing " + model.FileName, done, model.SizeBytes, bytes: true));
                results.Add(await store.VerifyAsync(model, sink, token));
            }

            progress.Stop();
            foreach (var result in results)
            {
                var line = result.Outcome switch
                {
                    VerifyOutcome.Match => $"ok        {result.Model.FileName}  ({result.ExpectedFrom})",
                    VerifyOutcome.Unpinned => $"unpinned  {result.Model.FileName}  sha256 {result.ActualSha256} (no known hash to compare with)",
                    VerifyOutcome.NotGguf => $"BAD       {result.Model.FileName}  is not a GGUF file",
                    _ => $"BAD       {result.Model.FileName}  sha256 {result.ActualSha256}, expected {result.ExpectedSha256} ({result.ExpectedFrom})",
                };
                if (result.Outcome is VerifyOutcome.Mismatch or VerifyOutcome.NotGguf)
                {
                    failures++;
                }

                console.Out.WriteLine(line);
            }

            if (failures > 0)
            {
                console.Fail($"{failures} model file(s) failed verification; remove and pull them again.");
                return ExitCodes.Findings;
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreateRemove(CliApplication app)
    {
        var name = new Argument<string>("name") { Description = "Catalog name or file name of the model to delete" };
        var command = new Command("remove", "Delete an installed model (and its partial download and pin)") { name };
        command.SetAction((parse, ct) => app.RunAsync(parse, ct, (settings, console, _) =>
        {
            var store = OpenStore(settings);
            var wanted = parse.GetValue(name)!;
            var fileName = store.Catalog.Find(wanted)?.FileName ?? wanted;
            if (!File.Exists(store.PathOf(fileName)) && File.Exists(store.PathOf(fileName + ".gguf")))
            {
                fileName += ".gguf";
            }

            if (!store.Remove(fileName))
            {
                throw new ModelUnavailableException($"{wanted} is not installed in {store.Directory}.");
            }

            console.Info($"Removed {store.PathOf(fileName)}");
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static Command CreatePath(CliApplication app)
    {
        var name = new Argument<string?>("name") { Description = "Catalog name or file name (default: print the models folder)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("path", "Print where a model is installed (or the models folder)") { name };
        command.SetAction((parse, ct) => app.RunAsync(parse, ct, (settings, console, _) =>
        {
            var store = OpenStore(settings);
            if (parse.GetValue(name) is not { } wanted)
            {
                console.Out.WriteLine(store.Directory);
                return Task.FromResult(ExitCodes.Success);
            }

            var path = store.Resolve(wanted, out var entry)
                ?? throw new ModelUnavailableException(entry is not null
                    ? $"{wanted} is not installed; run: pmcopilot models pull {entry.Name}"
                    : $"{wanted} is not installed in {store.Directory} and is not a file.");
            console.Out.WriteLine(path);
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    public static long MachineMemoryBytes() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>Weights plus a margin for the KV cache and the runtime.</summary>
    public static bool? Fits(long? modelBytes, long memoryBytes) =>
        modelBytes is { } size ? size * 1.2 + 512L * 1024 * 1024 <= memoryBytes : null;

    public static string FormatSize(long? bytes) => bytes switch
    {
        null => "?",
        >= 1L << 30 => (bytes.Value / (double)(1L << 30)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB",
        >= 1L << 20 => (bytes.Value / (double)(1L << 20)).ToString("0", CultureInfo.InvariantCulture) + " MiB",
        _ => bytes.Value.ToString(CultureInfo.InvariantCulture) + " B",
    };

    private sealed record ModelRow(string Name, string Tier, long? SizeBytes, bool Installed, bool? FitsMemory, bool HashChecked, string? License, string? Path);
}

/// <summary>IProgress that reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool, out of order).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

/// <summary>The configured model is missing or cannot be used: exit code 3.</summary>
internal sealed class ModelUnavailableException(string message) : Exception(message);

internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
