using System.Text;
using LLama;
using LLama.Common;
using LLama.Native;
using PmCopilot.Llama.Natives;

namespace PmCopilot.Llama.Tests;

/// <summary>Our single-call tokenizer gives exactly LLamaSharp's tokens (its two-call one is the reference).</summary>
public class NativeTokenizerTests
{
    public static TheoryData<string> Texts =>
    [
        "",
        "a",
        "Hello, how are you?",
        "<s>[INST] Draft a PRD for smart reorder reminders [/INST]",
        "<|im_start|>user\n大模型的幻觉是什么？怎么降低？<|im_end|>\n<|im_start|>assistant\n",
        "emoji 🚀🔥 and combining é, tabs\tand\r\nnewlines\n\n\n",
        string.Concat(Enumerable.Repeat("重复的中文句子，用来测试很长的输入。 ", 300)),
        "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nwhat is RAG?<|eot_id|>",
        "\0 nul and \u00a0 nbsp",
    ];

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task Tiny_model_vocabulary_matches_llamasharp(string text)
    {
        await using var runtime = await TestModel.LoadAsync(parallel: 1);
        var weights = runtime.Generator!.Weights;
        var tokenizer = Create(weights);
        foreach (var (addSpecial, parseSpecial) in new[] { (true, true), (false, true), (true, false), (false, false) })
            Assert.Equal(weights.NativeHandle.Tokenize(text, addSpecial, parseSpecial, Encoding.UTF8), tokenizer.Tokenize(text, addSpecial, parseSpecial));
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Llama3_bpe_vocabulary_matches_llamasharp(string text)
    {
        NativeRuntime.Configure(null);
        var path = Path.Combine(TestModel.SharedRoot, "gpu", "ggml-vocab-llama-bpe.gguf");
        Assert.True(File.Exists(path), $"{path} is missing");
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(path) { VocabOnly = true, GpuLayerCount = 0 });
        var tokenizer = Create(weights);
        foreach (var (addSpecial, parseSpecial) in new[] { (true, true), (false, false) })
            Assert.Equal(weights.NativeHandle.Tokenize(text, addSpecial, parseSpecial, Encoding.UTF8), tokenizer.Tokenize(text, addSpecial, parseSpecial));
    }

    [Fact]
    public void A_library_without_the_exports_gives_no_tokenizer()
    {
        NativeRuntime.Configure(null);
        Assert.Null(NativeTokenizer.TryCreate(null!, "/nonexistent/libllama.so"));
        Assert.Null(NativeTokenizer.TryCreate(null!, null));
    }

    private static NativeTokenizer Create(LLamaWeights weights)
    {
        var library = NativeRuntime.Configure(null).LlamaLibrary ?? throw new InvalidOperationException("no libllama loaded");
        return NativeTokenizer.TryCreate(weights.NativeHandle, library) ?? throw new InvalidOperationException($"{library} has no llama_tokenize");
    }
}
