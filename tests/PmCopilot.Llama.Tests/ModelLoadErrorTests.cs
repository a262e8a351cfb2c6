using PmCopilot.Llama.Gguf;

namespace PmCopilot.Llama.Tests;

public sealed class ModelLoadErrorTests
{
    private static Task<ChatRuntime> Load(string path, string template = "chatml") =>
        ChatRuntime.LoadAsync(new ChatProviderSettings { Local = TestModel.Settings() with { ModelPath = path, TemplateName = template } }, null, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Missing_file()
    {
        var e = await Assert.ThrowsAsync<ModelLoadException>(() => Load("/nonexistent/model.gguf"));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_instead_of_a_file()
    {
        using var dir = new TempDir();
        var e = await Assert.ThrowsAsync<ModelLoadException>(() => Load(dir.Path));
        Assert.Contains("folder", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Random_bytes_are_not_a_gguf()
    {
        using var dir = new TempDir();
        var bytes = new byte[100_000];
        new Random(1).NextBytes(bytes);
        File.WriteAllBytes(dir.File("random.gguf"), bytes);
        var e = await Assert.ThrowsAsync<ModelLoadException>(() => Load(dir.File("random.gguf")));
        Assert.Contains("not a GGUF", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_file_is_not_a_gguf()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("empty.gguf"), []);
        await Assert.ThrowsAsync<ModelLoadException>(() => Load(dir.File("empty.gguf")));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(20_000)]
    [InlineData(900_000)]
    [InlineData(1_750_000)]
    public async Task Truncated_gguf_is_reported_as_truncated(int keepBytes)
    {
        using var dir = new TempDir();
        var full = File.ReadAllBytes(TestModel.ModelPath);
        File.WriteAllBytes(dir.File("cut.gguf"), full[..keepBytes]);
        var e = await Assert.ThrowsAsync<ModelLoadException>(() => Load(dir.File("cut.gguf")));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsupported_gguf_version_is_named()
    {
        using var dir = new TempDir();
        var bytes = File.ReadAllBytes(TestModel.ModelPath);
        bytes[4] = 9;
        File.WriteAllBytes(dir.File("v9.gguf"), bytes);
        var e = await Assert.ThrowsAsync<ModelLoadException>(() => Load(dir.File("v9.gguf")));
        Assert.Contains("version 9", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_test_model_header_is_read()
    {
        var header = GgufReader.Validate(TestModel.ModelPath);
        Assert.Equal("llama", header.Architecture);
        Assert.Equal(12, header.TensorCount);
        Assert.False(header.HasChatTemplate);
        Assert.True(header.RequiredBytes <= header.FileBytes);
        Assert.True(header.RequiredBytes > header.FileBytes - 64, "the size check should account for nearly all of the file");
    }

    [Fact]
    public async Task Unsupported_architecture_is_named()
    {
        using var dir = new TempDir();
        GgufWriter.WriteMetadataOnly(dir.File("odd.gguf"), new Dictionary<string, string> { ["general.architecture"] = "no-such-arch", ["general.name"] = "odd" });
        var e = await Assert.ThrowsAsync<ModelLoadException>(() => Load(dir.File("odd.gguf")));
        Assert.Contains("no-such-arch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_template_name_is_rejected()
    {
        var e = await Assert.ThrowsAsync<ModelLoadException>(() => Load(TestModel.ModelPath, "no-such-template"));
        Assert.Contains("no-such-template", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remote_provider_without_endpoint_is_rejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => ChatRuntime.LoadAsync(new ChatProviderSettings { Provider = ChatProvider.OpenAICompatible, RemoteModel = "m" }, null, TestContext.Current.CancellationToken));
    }
}

public sealed class SettingsValidationTests
{
    [Theory]
    [InlineData(8, 512, 4)] // context too small
    [InlineData(512, 2, 4)] // batch smaller than the parallel sequences
    [InlineData(512, 512, 0)]
    [InlineData(512, 4096, 100_000)]
    public async Task Impossible_sizes_are_rejected_before_loading(int contextSize, int batchSize, int parallel)
    {
        var settings = TestModel.Settings() with { ContextSize = contextSize, BatchSize = batchSize, MaxParallelSequences = parallel };
        await Assert.ThrowsAsync<ArgumentException>(() => ChatRuntime.LoadAsync(new ChatProviderSettings { Local = settings }, null, TestContext.Current.CancellationToken));
    }
}
