using PmCopilot.Cli.Tests.Support;

namespace PmCopilot.Cli.Tests.EndToEnd;

/// <summary>
/// <c>pmcopilot gpu</c> route selection on a machine without a GPU: fake <c>nvidia-smi</c>, <c>nvcc</c>, <c>cmake</c>,
/// <c>git</c>, <c>npm</c> scripts on a PATH that holds nothing else, and fake cache folders.
/// </summary>
public sealed class GpuCommandTests : IDisposable
{
    private const string H200 = "NVIDIA H200, 9.0, 143771 MiB, 580.95.05";
    private const string Rtx4090 = "NVIDIA GeForce RTX 4090, 8.9, 24564 MiB, 580.65.06";
    private readonly CliRunner cli = new();
    private readonly string bin;
    private readonly string cache;

    public GpuCommandTests()
    {
        bin = cli.Files.Combine("fakebin");
        Directory.CreateDirectory(bin);
        cache = cli.Files.Combine("xdg-cache");
        cli.Environment["PATH"] = bin;
        cli.Environment["XDG_CACHE_HOME"] = cache;
    }

    public void Dispose() => cli.Dispose();

    private void Tool(string name, string body = "exit 0")
    {
        var path = Path.Combine(bin, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private void Smi(string csv) => Tool("nvidia-smi", $"case \"$*\" in *compute_cap*) printf '%s\\n' '{csv}' ;; *) exit 1 ;; esac");

    private void BuildTools(params string[] names)
    {
        foreach (var name in names)
        {
            Tool(name);
        }
    }

    [Fact]
    public async Task No_nvidia_smi_means_cpu_and_exit_0()
    {
        var result = await cli.RunAsync("gpu", "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("NoGpu", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("nvidia-smi is not on PATH", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_nvidia_smi_is_reported_and_the_cpu_stays()
    {
        Tool("nvidia-smi", "echo \"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\"; exit 9");

        var result = await cli.RunAsync("gpu", "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("exit 9", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("couldn't communicate", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NVIDIA GeForce RTX 3090, 8.6, 24576 MiB, 580.65.06")]
    [InlineData(Rtx4090)]
    [InlineData("NVIDIA GeForce RTX 5090, 12.0, 32607 MiB, 581.10")]
    public async Task A_gpu_the_prebuilt_package_covers_gets_the_npm_route(string csv)
    {
        Smi(csv);
        BuildTools("npm", "tar");

        var result = await cli.RunAsync("gpu", "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("FetchPrebuilt", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("npm pack @node-llama-cpp/linux-x64-cuda@3.19.0", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(cache, "pmcopilot", "natives", "b9842-cuda-prebuilt"), result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_h200_is_built_for_sm_90_when_the_tools_are_there()
    {
        Smi(H200);
        BuildTools("npm", "tar", "git", "cmake", "nvcc");

        var result = await cli.RunAsync("gpu", "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("BuildFromSource", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("no code for compute capability 9.0", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("-DCMAKE_CUDA_ARCHITECTURES=90", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("-DGGML_CUDA=ON", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("-DLLAMA_BUILD_TOOLS=ON", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("b9842-cuda-sm90", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_covered_gpu_with_an_old_driver_is_built_instead()
    {
        Smi("NVIDIA GeForce RTX 4090, 8.9, 24564 MiB, 550.54.14");
        BuildTools("npm", "tar", "git", "cmake", "nvcc");

        var result = await cli.RunAsync("gpu", "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("BuildFromSource", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("driver", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("-DCMAKE_CUDA_ARCHITECTURES=89", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nvcc")]
    [InlineData("cmake")]
    [InlineData("git")]
    public async Task A_missing_build_tool_is_named_and_exits_3(string missing)
    {
        Smi(H200);
        BuildTools(new[] { "npm", "tar", "git", "cmake", "nvcc" }.Where(t => t != missing).ToArray());

        var result = await cli.RunAsync("gpu");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains($"{missing} is not on PATH", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(cache, "pmcopilot", "natives", "b9842-cuda-sm90.partial")), "nothing started");
    }

    [Fact]
    public async Task A_stamped_folder_is_reused_and_a_changed_library_is_not()
    {
        Smi(H200);
        BuildTools("npm", "tar", "git", "cmake", "nvcc");
        var folder = Path.Combine(cache, "pmcopilot", "natives", "b9842-cuda-sm90");
        var libs = Path.Combine(folder, "build", "bin");
        Directory.CreateDirectory(libs);
        await File.WriteAllTextAsync(Path.Combine(libs, "libllama.so"), "fake llama", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(libs, "libggml-cuda.so"), "fake cuda", TestContext.Current.CancellationToken);
        var llamaHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("fake llama"u8));
        var cudaHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("fake cuda"u8));
        await File.WriteAllTextAsync(Path.Combine(folder, "pmcopilot-natives.json"),
            $$"""{"Release":"b9842","Kind":"source-build","Arch":"90","NativeDir":"build/bin","Files":{"libllama.so":"{{llamaHash}}","libggml-cuda.so":"{{cudaHash}}"},"Source":null}""",
            TestContext.Current.CancellationToken);

        var present = await cli.RunAsync("gpu");

        Assert.True(present.ExitCode == 0, present.ToString());
        Assert.Contains("UsePresent", present.Stdout, StringComparison.Ordinal);
        Assert.Contains($"PMCOPILOT_NATIVE_DIR={libs}", present.Stdout, StringComparison.Ordinal);

        await File.WriteAllTextAsync(Path.Combine(libs, "libggml-cuda.so"), "damaged", TestContext.Current.CancellationToken);
        var changed = await cli.RunAsync("gpu", "--dry-run");

        Assert.True(changed.ExitCode == 0, changed.ToString());
        Assert.Contains("BuildFromSource", changed.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tarball_that_does_not_match_npms_integrity_is_refused()
    {
        Smi(Rtx4090);
        Tool("tar");
        // npm pack writes a tarball and reports hashes that belong to other bytes.
        Tool("npm", """
            dest=""; while [ $# -gt 0 ]; do [ "$1" = "--pack-destination" ] && dest="$2"; shift; done
            printf 'not the package' > "$dest/pkg.tgz"
            printf '[{"filename":"pkg.tgz","integrity":"sha512-AAAA","shasum":"0000000000000000000000000000000000000000"}]\n'
            """);

        var result = await cli.RunAsync("gpu");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("does not match npm's integrity", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(cache, "pmcopilot", "natives", "b9842-cuda-prebuilt")), "a refused download is never installed");
    }
}
