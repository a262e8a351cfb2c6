using System.Text;
using LLama;
using LLama.Common;
using LLama.Native;
using Microsoft.Extensions.AI;
using PmCopilot.Llama.Chat;

namespace PmCopilot.Llama.Tests;

/// <summary>
/// The chat client tokenizes only the new text of a grown conversation; these tests fail as soon as that differs,
/// by a single token, from tokenizing the whole prompt.
/// </summary>
public sealed class PromptTokenCacheTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string ChatMlJinja = TestModel.ChatMlJinja;

    // Newlines at the ends, spaces before newlines, CJK, emoji (surrogate pairs, ZWJ sequence), template-looking text.
    private static readonly string[] Turns =
    [
        "Plan the Q3 roadmap.\nKeep it short.",
        "Sure:\n1. Retention\n2. Pricing \n\n",
        "请用中文总结一下。 谢谢！",
        "好的：留存率、定价、上线。🙂👍🏽",
        "Emoji only: 🚀🚀 👩‍💻 and trailing newline\n",
        "  leading spaces, <|im_end|> and [INST] written as text </s>",
        "",
        "Last question?",
    ];

    public static TheoryData<string, string?> Templates => new()
    {
        { "chatml", null },     // no template in the GGUF: llama.cpp's built-in
        { "llama3", null },
        { "llama2", null },
        { "zephyr", null },
        { "llama2", ChatMlJinja }, // the GGUF's own template
    };

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task A_growing_conversation_tokenizes_exactly_as_a_whole(string builtin, string? ggufTemplate)
    {
        using var dir = new TempDir();
        var path = dir.File("templated.gguf");
        if (ggufTemplate is null)
            File.Copy(TestModel.ModelPath, path);
        else
            GgufWriter.CopyWithString(TestModel.ModelPath, path, "tokenizer.chat_template", ggufTemplate);
        await using var runtime = await ChatRuntime.LoadAsync(new ChatProviderSettings { Local = TestModel.Settings(parallel: 1) with { ModelPath = path, TemplateName = builtin } }, null, Ct);
        var client = (LlamaChatClient)runtime.Chat;
        var generator = runtime.Generator!;

        var history = new List<ChatMessage> { new(ChatRole.System, "You are a product copilot.\n") };
        for (var i = 0; i < Turns.Length; i++)
        {
            history.Add(new ChatMessage(i % 2 == 0 ? ChatRole.User : ChatRole.Assistant, Turns[i]));
            var prompt = client.FormatPrompt(history);
            Assert.Equal(generator.Tokenize(prompt), client.TokenizePrompt(prompt));
        }

        // The same conversation again, and a branch of it, must not disturb anything either.
        var again = client.FormatPrompt(history);
        Assert.Equal(generator.Tokenize(again), client.TokenizePrompt(again));
        var branch = client.FormatPrompt([.. history.Take(3), new ChatMessage(ChatRole.User, "A different\nquestion 🙂")]);
        Assert.Equal(generator.Tokenize(branch), client.TokenizePrompt(branch));

        // Not vacuous: the cache served (nearly) every turn after the first.
        Assert.True(client.PromptTokens.Hits >= Turns.Length - 1, $"only {client.PromptTokens.Hits} prompts came from the cache");
    }

    [Fact]
    public async Task Chat_requests_report_the_same_prompt_size_as_whole_tokenization()
    {
        await using var runtime = await TestModel.LoadAsync(parallel: 1);
        var client = (LlamaChatClient)runtime.Chat;
        var history = new List<ChatMessage> { new(ChatRole.User, "First turn\nwith two lines") };
        for (var turn = 0; turn < 3; turn++)
        {
            var response = await client.GetResponseAsync(history, TestModel.Greedy(6), Ct);
            Assert.Equal(runtime.Generator!.Tokenize(client.FormatPrompt(history)).Length, response.Usage?.InputTokenCount);
            history.Add(new ChatMessage(ChatRole.Assistant, response.Text));
            history.Add(new ChatMessage(ChatRole.User, $"follow-up {turn} 中文 🙂"));
        }

        Assert.True(client.PromptTokens.Hits >= 2);
    }

    [Theory]
    [InlineData("llama3")]
    [InlineData("chatml")]
    public void A_bpe_vocabulary_with_control_tokens_tokenizes_exactly_as_a_whole(string builtin)
    {
        // Llama 3's BPE vocabulary (vocab-only GGUF): cuts after its control tokens (<|eot_id|>, <|start_header_id|>…).
        PmCopilot.Llama.Natives.NativeRuntime.Configure(null);
        var path = Path.Combine(TestModel.SharedRoot, "gpu", "ggml-vocab-llama-bpe.gguf");
        Assert.True(File.Exists(path), $"{path} is missing");
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(path) { VocabOnly = true, GpuLayerCount = 0 });
        var vocab = weights.NativeHandle.Vocab;
        Assert.Equal(LLamaVocabType.BytePairEncoding, vocab.Type);
        LLamaToken[] Whole(string text, bool bos) => weights.NativeHandle.Tokenize(text, bos && vocab.ShouldAddBOS, true, Encoding.UTF8);
        var cache = PromptTokenCache.For(weights.NativeHandle, Whole);
        var formatter = new ChatPromptFormatter(weights, builtin);

        var history = new List<ChatMessage> { new(ChatRole.System, "You are a product copilot.") };
        foreach (var (text, i) in Turns.Select((t, i) => (t, i)))
        {
            history.Add(new ChatMessage(i % 2 == 0 ? ChatRole.User : ChatRole.Assistant, text));
            var prompt = formatter.Format(history);
            Assert.Equal(Whole(prompt, true), cache.Tokenize(prompt));
        }

        if (builtin == "llama3")
            Assert.True(cache.Hits >= Turns.Length - 1, $"only {cache.Hits} prompts came from the cache");
    }
}
