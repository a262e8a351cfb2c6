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
        Assert.Contains(info.Features, f => f.StartsWith("CPU: ", StringComparison.Ordinal));
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

public sealed class LoadProgressTests
{
    [Fact]
    public async Task Load_reports_progress_up_to_one()
    {
        var reports = new List<float>();
        var progress = new SynchronousProgress(reports);
        await using var runtime = await ChatRuntime.LoadAsync(new ChatProviderSettings { Local = TestModel.Settings() }, progress, TestContext.Current.CancellationToken);
        lock (reports)
        {
            Assert.NotEmpty(reports);
            Assert.Equal(1f, reports[^1]);
            Assert.All(reports, p => Assert.InRange(p, 0f, 1f));
        }
    }

    [Fact]
    public async Task Disposing_the_runtime_ends_running_streams_without_hanging()
    {
        var runtime = await TestModel.LoadAsync();
        var stream = runtime.Chat.GetResponseAsync(TestModel.Ask("long answer"), TestModel.Greedy(100_000), TestContext.Current.CancellationToken);
        while (runtime.Generator!.DecodeCalls < 3)
            await Task.Delay(5, TestContext.Current.CancellationToken);
        await runtime.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => stream);
    }

    private sealed class SynchronousProgress(List<float> reports) : IProgress<float>
    {
        public void Report(float value)
        {
            lock (reports)
                reports.Add(value);
        }
    }
}
