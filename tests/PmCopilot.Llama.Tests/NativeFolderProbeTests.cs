using PmCopilot.Llama.Natives;

namespace PmCopilot.Llama.Tests;

public sealed class NativeFolderProbeTests
{
    private static readonly string[] GoodLlama = [.. NativeFolderProbe.RequiredLlamaExports, "llama_model_n_params"];
    private static readonly string[] GoodGgml = [.. NativeFolderProbe.RequiredGgmlExports, "ggml_backend_reg_name"];

    private static void WriteGoodFolder(TempDir dir, string llamaName = "libllama.so", string ggmlName = "libggml.so")
    {
        FakeElf.Write(dir.File(llamaName), GoodLlama);
        FakeElf.Write(dir.File(ggmlName), GoodGgml);
        FakeElf.Write(dir.File("libggml-base.so"), ["ggml_init"]);
        FakeElf.Write(dir.File("libggml-cpu-haswell.so"), ["ggml_backend_init"]);
    }

    [Fact]
    public void Missing_folder_is_a_clear_error()
    {
        var e = Assert.Throws<NativeLibraryException>(() => NativeFolderProbe.Inspect("/nonexistent/pmcopilot/natives"));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_instead_of_a_folder_is_rejected()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("x"), "x");
        Assert.Throws<NativeLibraryException>(() => NativeFolderProbe.Inspect(dir.File("x")));
    }

    [Fact]
    public void Empty_folder_names_the_missing_libraries()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<NativeLibraryException>(() => NativeFolderProbe.Inspect(dir.Path));
        Assert.Contains("libllama", e.Message, StringComparison.Ordinal);
        Assert.Contains("libggml", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_so_files_are_rejected_before_loading()
    {
        using var dir = new TempDir();
        var random = new Random(7);
        foreach (var name in new[] { "libllama.so", "libggml.so", "libggml-base.so" })
        {
            var bytes = new byte[4096];
            random.NextBytes(bytes);
            File.WriteAllBytes(dir.File(name), bytes);
        }

        var e = Assert.Throws<NativeLibraryException>(() => NativeFolderProbe.Inspect(dir.Path));
        Assert.Contains("not a llama.cpp build compatible with LLamaSharp 0.30.0", e.Message, StringComparison.Ordinal);
        Assert.Contains("libllama.so", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_with_the_expected_exports_passes_and_lists_backends()
    {
        using var dir = new TempDir();
        WriteGoodFolder(dir, "libllama.b9842.so", "libggml.b9842.so");
        FakeElf.Write(dir.File("libllama-common.so"), ["common_init"]);

        var report = NativeFolderProbe.Inspect(dir.Path);

        Assert.Equal("libllama.b9842.so", Path.GetFileName(report.LlamaLibrary));
        Assert.Equal("libggml.b9842.so", Path.GetFileName(report.GgmlLibrary));
        Assert.Equal("libggml-base.so", Path.GetFileName(report.GgmlBaseLibrary));
        Assert.Equal(["libggml-cpu-haswell.so"], report.BackendLibraries.Select(Path.GetFileName));
    }

    [Fact]
    public void A_cmake_build_folder_with_version_links_passes()
    {
        // BUILD_SHARED_LIBS=ON names each library through links: libllama.so -> libllama.so.0 -> libllama.so.0.0.1.
        using var dir = new TempDir();
        FakeElf.Write(dir.File("libllama.so.0.0.1"), GoodLlama);
        FakeElf.Write(dir.File("libggml.so.0.15.3"), GoodGgml);
        FakeElf.Write(dir.File("libggml-base.so.0.15.3"), ["ggml_init"]);
        foreach (var (name, version) in new[] { ("libllama.so", "0.0.1"), ("libggml.so", "0.15.3"), ("libggml-base.so", "0.15.3") })
        {
            File.CreateSymbolicLink(dir.File(name + ".0"), name + "." + version);
            File.CreateSymbolicLink(dir.File(name), name + ".0");
        }

        var report = NativeFolderProbe.Inspect(dir.Path);

        Assert.Equal("libllama.so", Path.GetFileName(report.LlamaLibrary));
        Assert.Equal("libggml.so", Path.GetFileName(report.GgmlLibrary));
    }

    [Fact]
    public void A_link_to_a_missing_library_is_a_clear_error()
    {
        using var dir = new TempDir();
        WriteGoodFolder(dir);
        File.Delete(dir.File("libllama.so"));
        File.CreateSymbolicLink(dir.File("libllama.so"), "libllama.so.0.0.1");

        var e = Assert.ThrowsAny<Exception>(() => NativeFolderProbe.Inspect(dir.Path));

        Assert.Contains("libllama.so", e.Message, StringComparison.Ordinal);
        Assert.Contains("missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_older_build_without_the_current_api_is_rejected()
    {
        using var dir = new TempDir();
        WriteGoodFolder(dir);
        FakeElf.Write(dir.File("libllama.so"), GoodLlama.Where(s => s != "llama_n_rs_seq"));

        var e = Assert.Throws<NativeLibraryException>(() => NativeFolderProbe.Inspect(dir.Path));
        Assert.Contains("b9297..b9842", e.Message, StringComparison.Ordinal);
        Assert.Contains("llama_n_rs_seq", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_newer_incompatible_line_is_rejected()
    {
        using var dir = new TempDir();
        WriteGoodFolder(dir);
        FakeElf.Write(dir.File("libllama.so"), [.. GoodLlama, "llama_version"]);

        var e = Assert.Throws<NativeLibraryException>(() => NativeFolderProbe.Inspect(dir.Path));
        Assert.Contains("not a llama.cpp build compatible with LLamaSharp 0.30.0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ggml_without_the_backend_registry_is_rejected()
    {
        using var dir = new TempDir();
        WriteGoodFolder(dir);
        FakeElf.Write(dir.File("libggml.so"), ["ggml_init"]);

        var e = Assert.Throws<NativeLibraryException>(() => NativeFolderProbe.Inspect(dir.Path));
        Assert.Contains("ggml_backend_load_all_from_path", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_bundled_llamasharp_natives_pass_the_check()
    {
        var dir = BundledNatives.Directory;
        var report = NativeFolderProbe.Inspect(dir);
        Assert.Equal("libllama.so", Path.GetFileName(report.LlamaLibrary));
        Assert.Contains(report.BackendLibraries, f => Path.GetFileName(f) == "libggml-cpu.so");
    }
}

/// <summary>LLamaSharp's bundled CPU natives as copied next to the test assembly: a real llama.cpp folder to test against.</summary>
internal static class BundledNatives
{
    public static string Directory
    {
        get
        {
            var level = System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? "avx512"
                : System.Runtime.Intrinsics.X86.Avx2.IsSupported ? "avx2"
                : System.Runtime.Intrinsics.X86.Avx.IsSupported ? "avx"
                : "noavx";
            var dir = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", level);
            Assert.True(System.IO.Directory.Exists(dir), $"bundled natives not found at {dir}");
            return dir;
        }
    }
}
