using PmCopilot.Llama.Natives;

namespace PmCopilot.Llama.Tests;

public sealed class NativeRuntimeTests
{
    [Fact]
    public void Bundled_natives_load_with_a_cpu_backend_and_no_gpu()
    {
        var info = NativeRuntime.Configure(null);

        Assert.Null(info.NativeDir);
        Assert.Contains("CPU", info.Backends);
        Assert.Contains(info.LoadedFiles, f => Path.GetFileName(f).StartsWith("libllama", StringComparison.Ordinal));
        Assert.Contains(info.LoadedFiles, f => Path.GetFileName(f).StartsWith("libggml", StringComparison.Ordinal));
        Assert.Contains(info.Devices, d => d.Type == "CPU");
        Assert.False(info.GpuAvailable);
        Assert.Equal(0, info.DefaultGpuLayers);
        Assert.StartsWith("CPU:", info.GpuReason, StringComparison.Ordinal);
        Assert.Same(info, NativeRuntime.Configure(null));
    }

    [Fact]
    public void Switching_folders_after_loading_is_refused_with_a_reason()
    {
        NativeRuntime.Configure(null);
        var e = Assert.Throws<NativeLibraryException>(() => NativeRuntime.Configure("/some/other/natives"));
        Assert.Contains("restart", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runtime_description_says_what_runs()
    {
        await using var runtime = await TestModel.LoadAsync();
        var info = runtime.Info;
        Assert.Equal(ChatProvider.Local, info.Provider);
        Assert.Equal("llama", info.Architecture);
        Assert.Equal("builtin:chatml", info.Template);
        Assert.Equal(0, info.GpuLayers);
        Assert.Equal(1, info.Threads);
        Assert.Equal(512, info.ContextSize);
        Assert.NotNull(info.Natives);
        Assert.False(string.IsNullOrWhiteSpace(info.GpuReason));
    }
}
