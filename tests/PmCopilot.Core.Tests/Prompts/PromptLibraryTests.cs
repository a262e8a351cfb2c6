using PmCopilot.Core.Prompts;

namespace PmCopilot.Core.Tests.Prompts;

public class PromptLibraryTests
{
    [Fact]
    public void Faq_prompt_is_embedded_with_its_settings()
    {
        Assert.Contains("faq", PromptLibrary.EmbeddedFunctions());
        var prompt = PromptLibrary.Load("faq");
        Assert.Contains("{{$evidence}}", prompt.Template, StringComparison.Ordinal);
        Assert.NotNull(prompt.Settings.MaxOutputTokens);
        Assert.Contains("question", prompt.InputVariables);
        Assert.Equal(prompt.Settings.MaxOutputTokens, prompt.Settings.ToChatOptions().MaxOutputTokens);
    }

    [Fact]
    public void Unknown_prompt_is_a_clear_error() =>
        Assert.Contains("no-such-prompt", Assert.Throws<InvalidOperationException>(() => PromptLibrary.Load("no-such-prompt")).Message, StringComparison.Ordinal);

    [Fact]
    public void Render_fills_placeholders_once_and_does_not_expand_values()
    {
        var prompt = PromptLibrary.Parse("t", "A={{$a}} B={{ $b }}", null);
        var text = prompt.Render(new Dictionary<string, string> { ["a"] = "{{$b}}", ["b"] = "2" });
        Assert.Equal("A={{$b}} B=2", text);
    }

    [Fact]
    public void Render_rejects_a_missing_variable() =>
        Assert.Throws<KeyNotFoundException>(() => PromptLibrary.Parse("t", "{{$missing}}", null).Render(new Dictionary<string, string>()));

    [Fact]
    public void Override_directory_wins_over_embedded_copy()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pmc-prompts-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "faq"));
        try
        {
            File.WriteAllText(Path.Combine(dir, "faq", PromptLibrary.TemplateFileName), "override {{$question}}");
            File.WriteAllText(Path.Combine(dir, "faq", PromptLibrary.SettingsFileName), """{"execution_settings":{"default":{"temperature":0.5,"max_tokens":7}}}""");
            var prompt = PromptLibrary.Load("faq", dir);
            Assert.StartsWith("override", prompt.Template, StringComparison.Ordinal);
            Assert.Equal(7, prompt.Settings.MaxOutputTokens);
            Assert.Equal(0.5f, prompt.Settings.Temperature);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
