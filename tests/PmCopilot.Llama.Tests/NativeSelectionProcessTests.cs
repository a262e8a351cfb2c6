using System.Diagnostics;
using System.Text.Json;
using PmCopilot.Llama.Natives;

namespace PmCopilot.Llama.Tests;

/// <summary>
/// The native loader is process-global and one-shot, so each native folder is tried in a fresh child process
/// (PmCopilot.Llama.NativeProbe) that loads the tiny model and generates greedily.
/// </summary>
public sealed class NativeSelectionProcessTests
{
    private static async Task<(int ExitCode, JsonElement Result)> Probe(string nativeDir, int tokens = 8)
    {
        var probe = Path.Combine(AppContext.BaseDirectory, "PmCopilot.Llama.NativeProbe.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { probe, nativeDir, TestModel.ModelPath, tokens.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 0, $"no output; stderr: {await stderr}");
        Assert.DoesNotContain("   at ", await stderr, StringComparison.Ordinal);
        return (process.ExitCode, JsonDocument.Parse(lines[^1]).RootElement.Clone());
    }

    [Fact]
    public async Task A_configured_folder_loads_its_own_files_and_matches_the_bundled_route()
    {
        var folder = BundledNatives.Directory;
        var (code, result) = await Probe(folder);
        var (defaultCode, defaultResult) = await Probe("-");

        Assert.Equal(0, code);
        Assert.Equal(0, defaultCode);
        Assert.Equal(folder, result.GetProperty("nativeDir").GetString());
        var files = result.GetProperty("loadedFiles").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(Path.Combine(folder, "libllama.so"), files);
        Assert.Contains(Path.Combine(folder, "libggml.so"), files);
        Assert.Contains("CPU", result.GetProperty("backends").EnumerateArray().Select(e => e.GetString()));
        Assert.False(result.GetProperty("gpu").GetBoolean());
        Assert.Equal(
            defaultResult.GetProperty("tokens").EnumerateArray().Select(e => e.GetInt32()),
            result.GetProperty("tokens").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public async Task A_folder_that_passes_the_file_check_but_cannot_load_fails_cleanly()
    {
        using var dir = new TempDir();
        FakeElf.Write(dir.File("libllama.so"), NativeFolderProbe.RequiredLlamaExports);
        FakeElf.Write(dir.File("libggml.so"), NativeFolderProbe.RequiredGgmlExports);
        FakeElf.Write(dir.File("libggml-base.so"), ["ggml_init"]);

        var (code, result) = await Probe(dir.Path);

        Assert.Equal(3, code);
        Assert.Equal(nameof(NativeLibraryException), result.GetProperty("type").GetString());
        Assert.Contains("not a llama.cpp build compatible with LLamaSharp 0.30.0", result.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_and_garbage_folders_fail_cleanly_in_a_real_process()
    {
        var (missingCode, missing) = await Probe("/nonexistent/pmcopilot-natives");
        Assert.Equal(3, missingCode);
        Assert.Contains("does not exist", missing.GetProperty("error").GetString(), StringComparison.Ordinal);

        using var dir = new TempDir();
        foreach (var name in new[] { "libllama.so", "libggml.so", "libggml-base.so" })
            File.WriteAllText(dir.File(name), "not a library");
        var (garbageCode, garbage) = await Probe(dir.Path);
        Assert.Equal(3, garbageCode);
        Assert.Contains("not a llama.cpp build", garbage.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
