using PmCopilot.Core.Jobs;
using PmCopilot.Core.Prompts;

namespace PmCopilot.Core.Tests.Prompts;

public sealed class PromptLibraryTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pmcopilot-prompts-" + Guid.NewGuid().ToString("N"));

    public PromptLibraryTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    [Fact]
    public void Renders_placeholders_with_or_without_spaces()
    {
        Write("greet/template.md", "Hello {{name}}, about {{ topic }}.\r\n\r\n");
        var template = new PromptLibrary(_dir, useEmbeddedFallback: false).Get("greet");

        Assert.Equal(["name", "topic"], template.Placeholders);
        Assert.Equal("Hello Ann, about PRDs.", template.Render(("name", "Ann"), ("topic", "PRDs")));
    }

    [Fact]
    public void Missing_value_names_the_placeholder()
    {
        Write("greet/template.md", "Hello {{name}} {{other}}");
        var template = new PromptLibrary(_dir, useEmbeddedFallback: false).Get("greet");

        var ex = Assert.Throws<PromptLoadException>(() => template.Render(("name", "x")));
        Assert.Contains("'other'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'name'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Substituted_values_are_not_rendered_again()
    {
        Write("echo/template.md", "A={{a}} B={{b}}");
        var template = new PromptLibrary(_dir, useEmbeddedFallback: false).Get("echo");

        Assert.Equal("A={{b}} B=2", template.Render(("a", "{{b}}"), ("b", "2")));
    }

    [Fact]
    public void Reads_settings_and_maps_them_to_chat_options()
    {
        Write("x/template.txt", "text");
        Write("x/settings.json", """
            { // comments are fine
              "max_tokens": 77, "temperature": 0.7, "top_p": 0.5, "stop_sequences": ["\n##"], "max_input_tokens": 900, }
            """);
        var template = new PromptLibrary(_dir, useEmbeddedFallback: false).Get("x");
        var options = template.Settings.ToChatOptions();

        Assert.Equal(77, options.MaxOutputTokens);
        Assert.Equal(0.7f, options.Temperature);
        Assert.Equal(0.5f, options.TopP);
        Assert.Equal(["\n##"], options.StopSequences);
        Assert.Equal(900, template.Settings.MaxInputTokens);
    }

    [Fact]
    public void Defaults_apply_without_settings_file()
    {
        Write("x/template.md", "text");
        var settings = new PromptLibrary(_dir, useEmbeddedFallback: false).Get("x").Settings;

        Assert.Null(settings.MaxOutputTokens);
        Assert.Empty(settings.StopSequences);
    }

    [Fact]
    public void Broken_settings_are_a_clear_error()
    {
        Write("x/template.md", "text");
        Write("x/settings.json", "{ max_tokens: ");
        var ex = Assert.Throws<PromptLoadException>(() => new PromptLibrary(_dir, useEmbeddedFallback: false).Get("x"));
        Assert.Contains("settings.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Language_variant_wins_when_asked_for_and_plain_template_otherwise()
    {
        Write("x/template.md", "english");
        Write("x/template.zh.md", "中文");
        var library = new PromptLibrary(_dir, useEmbeddedFallback: false);

        Assert.Equal("中文", library.Get("x", AnswerLanguage.Zh).Template);
        Assert.Equal("english", library.Get("x", AnswerLanguage.En).Template);
        Assert.Equal("english", library.Get("x").Template);
    }

    [Fact]
    public void Missing_prompt_is_a_clear_error_naming_the_folder()
    {
        var ex = Assert.Throws<PromptLoadException>(() => new PromptLibrary(_dir, useEmbeddedFallback: false).Get("nope"));
        Assert.Contains("'nope'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(_dir, ex.Message, StringComparison.Ordinal);
        Assert.Contains(PromptLibrary.DirectoryVariable, ex.Message, StringComparison.Ordinal);
        Assert.False(new PromptLibrary(_dir, useEmbeddedFallback: false).TryGet("nope", out _));
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("a/b")]
    public void Path_like_names_are_refused(string name) =>
        Assert.Throws<PromptLoadException>(() => new PromptLibrary(_dir).Get(name));

    [Fact]
    public void Disk_overrides_embedded_and_embedded_fills_the_rest()
    {
        Write("prd-section/template.md", "my own {{x}}");
        var library = new PromptLibrary(_dir);

        Assert.Equal("my own {{x}}", library.Get("prd-section").Template);
        Assert.StartsWith("embedded:", library.Get("summarize-chunk").Source, StringComparison.Ordinal);
        Assert.Contains("summarize-reduce", library.Names);
    }

    [Fact]
    public void Every_shipped_prompt_loads_from_the_output_folder_and_from_resources()
    {
        var besideApp = Path.Combine(AppContext.BaseDirectory, "prompts");
        Assert.True(Directory.Exists(besideApp), "prompts/ should be copied next to every app that references Core");
        var onDisk = new PromptLibrary(besideApp, useEmbeddedFallback: false);
        var embeddedOnly = new PromptLibrary(directory: null);

        Assert.NotEmpty(onDisk.Names);
        Assert.Equal(onDisk.Names, embeddedOnly.Names);
        foreach (var name in onDisk.Names)
        {
            Assert.Equal(onDisk.Get(name).Template, embeddedOnly.Get(name).Template);
            Assert.Equal(onDisk.Get(name).Settings.MaxOutputTokens, embeddedOnly.Get(name).Settings.MaxOutputTokens);
            Assert.Equal(onDisk.Get(name).Settings.StopSequences, embeddedOnly.Get(name).Settings.StopSequences);
            Assert.True(onDisk.Get(name).Settings.MaxOutputTokens > 0, $"prompt '{name}' should set max_tokens");
        }

        Assert.Equal(besideApp, PromptLibrary.Default.Directory);
    }

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
    public void Unknown_prompt_is_an_invalid_operation_naming_it() =>
        Assert.Contains("no-such-prompt", Assert.ThrowsAny<InvalidOperationException>(() => PromptLibrary.Load("no-such-prompt")).Message, StringComparison.Ordinal);

    [Fact]
    public void Sk_placeholders_render_once_and_values_are_not_expanded()
    {
        var prompt = PromptLibrary.Parse("t", "A={{$a}} B={{ $b }}", null);
        Assert.Equal("A={{$b}} B=2", prompt.Render(new Dictionary<string, string> { ["a"] = "{{$b}}", ["b"] = "2" }));
        Assert.Throws<PromptLoadException>(() => PromptLibrary.Parse("t", "{{$missing}}", null).Render(new Dictionary<string, string>()));
    }

    [Fact]
    public void Sk_layout_override_directory_wins_over_embedded_copy()
    {
        Write("faq/" + PromptLibrary.TemplateFileName, "override {{$question}}");
        Write("faq/" + PromptLibrary.SettingsFileName, """{"execution_settings":{"default":{"temperature":0.5,"max_tokens":7}}}""");
        var prompt = PromptLibrary.Load("faq", _dir);
        Assert.StartsWith("override", prompt.Template, StringComparison.Ordinal);
        Assert.Equal(7, prompt.Settings.MaxOutputTokens);
        Assert.Equal(0.5f, prompt.Settings.Temperature);
    }
}
