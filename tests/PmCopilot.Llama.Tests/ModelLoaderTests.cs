using PmCopilot.Llama.Natives;

namespace PmCopilot.Llama.Tests;

public sealed class ModelLoaderTests
{
    private static byte[] Defaults(params byte[] flags)
    {
        var bytes = new byte[72];
        flags.CopyTo(bytes, 64);
        return bytes;
    }

    [Fact]
    public void The_b9842_defaults_are_recognised_as_the_boolean_layout()
    {
        // vocab_only, use_mmap, use_direct_io, use_mlock, check_tensors, use_extra_bufts, no_host, no_alloc
        Assert.Equal(ModelParamsLayout.Booleans, ModelLoader.Classify(Defaults(0, 1, 0, 0, 0, 1, 0, 0)));
    }

    [Fact]
    public void LLamaSharps_own_layout_is_recognised_whatever_its_padding()
    {
        // vocab_only, check_tensors, use_extra_bufts, no_host, no_alloc, load_mtp, padding
        Assert.Equal(ModelParamsLayout.LoadMode, ModelLoader.Classify(Defaults(0, 0, 1, 0, 0, 0, 0x1f, 0x56)));
    }

    [Fact]
    public void Anything_else_is_left_to_LLamaSharp()
    {
        Assert.Equal(ModelParamsLayout.Unknown, ModelLoader.Classify(Defaults(1, 1, 1, 1, 1, 1, 1, 1)));
        Assert.Equal(ModelParamsLayout.Unknown, ModelLoader.Classify(new byte[64]));
    }

    [Fact]
    public async Task The_bundled_library_has_the_layout_LLamaSharp_marshals_and_loads_through_it()
    {
        await using var runtime = await TestModel.LoadAsync(parallel: 1);
        var library = runtime.Info.Natives!.LoadedFiles.First(f => Path.GetFileName(f).StartsWith("libllama", StringComparison.Ordinal) && !Path.GetFileName(f).StartsWith("libllama-", StringComparison.Ordinal));
        Assert.Equal(ModelParamsLayout.LoadMode, ModelLoader.Detect(library));
    }
}
