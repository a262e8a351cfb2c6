using Microsoft.Extensions.AI;
using PmCopilot.Llama.Chat;

namespace PmCopilot.Llama.Tests;

public sealed class ChatTemplateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string ChatMlJinja = TestModel.ChatMlJinja;

    private static async Task<ChatRuntime> LoadWithTemplate(TempDir dir, string? template, string fallback = "llama2")
    {
        var path = dir.File("templated.gguf");
        if (template is null)
            File.Copy(TestModel.ModelPath, path);
        else
            GgufWriter.CopyWithString(TestModel.ModelPath, path, "tokenizer.chat_template", template);
        return await ChatRuntime.LoadAsync(new ChatProviderSettings { Local = TestModel.Settings(parallel: 1) with { ModelPath = path, TemplateName = fallback } }, null, Ct);
    }

    [Fact]
    public async Task The_gguf_template_is_used_when_the_model_has_one()
    {
        using var dir = new TempDir();
        await using var runtime = await LoadWithTemplate(dir, ChatMlJinja);
        Assert.Equal("gguf", runtime.Info.Template);
        var prompt = ((LlamaChatClient)runtime.Chat).FormatPrompt([new(ChatRole.System, "S"), new(ChatRole.User, "U")]);
        Assert.Equal("<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU<|im_end|>\n<|im_start|>assistant\n", prompt);
        var response = await runtime.Chat.GetResponseAsync(TestModel.Ask("hi"), TestModel.Greedy(4), Ct);
        Assert.Equal(4, response.Usage?.OutputTokenCount);
    }

    [Fact]
    public async Task Without_a_template_the_named_builtin_is_used()
    {
        using var dir = new TempDir();
        await using var runtime = await LoadWithTemplate(dir, null, "llama2");
        Assert.Equal("builtin:llama2", runtime.Info.Template);
        var prompt = ((LlamaChatClient)runtime.Chat).FormatPrompt([new(ChatRole.User, "U")]);
        Assert.Contains("[INST]", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unrecognised_gguf_template_falls_back_to_the_named_builtin()
    {
        using var dir = new TempDir();
        await using var runtime = await LoadWithTemplate(dir, "{{ something llama.cpp cannot detect }}", "chatml");
        Assert.Equal("builtin:chatml", runtime.Info.Template);
        var prompt = ((LlamaChatClient)runtime.Chat).FormatPrompt([new(ChatRole.User, "U")]);
        Assert.Contains("<|im_start|>user", prompt, StringComparison.Ordinal);
    }
}

public sealed class BuiltInTemplateListTests
{
    [Fact]
    public void Built_in_template_names_come_from_llama_cpp_and_all_apply()
    {
        PmCopilot.Llama.Natives.NativeRuntime.Configure(null);
        var names = ChatPromptFormatter.BuiltInTemplates();
        Assert.Contains("chatml", names);
        Assert.Contains("llama3", names);
        Assert.True(names.Count > 20);
        foreach (var name in names)
        {
            var t = new LLama.LLamaTemplate(name) { AddAssistant = true };
            t.Add("user", "hi");
            Assert.True(t.Apply().Length > 0, name);
        }
    }
}
