using PmCopilot.Cli.Configuration;
using PmCopilot.Cli.Tests.Support;

namespace PmCopilot.Cli.Tests.Configuration;

public sealed class SettingsResolverTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly Dictionary<string, string> env = new(StringComparer.Ordinal);

    public SettingsResolverTests()
    {
        env["HOME"] = temp.Combine("home");
    }

    private string Project => temp.Combine("project");

    private string Nested => temp.Combine("project", "a", "b");

    public void Dispose() => temp.Dispose();

    private CliSettings Resolve(SettingFlags? flags = null, string? cwd = null)
    {
        Directory.CreateDirectory(cwd ?? Nested);
        return new SettingsResolver(k => env.GetValueOrDefault(k), cwd ?? Nested).Resolve(flags ?? new SettingFlags());
    }

    private void UserConfig(string json) => temp.Write("home/.config/pmcopilot/config.json", json);

    private void ProjectConfig(string json) => temp.Write("project/.pmcopilot.json", json);

    [Fact]
    public void Defaults_when_nothing_is_set()
    {
        var settings = Resolve();

        Assert.Null(settings.Model.Value);
        Assert.Equal(SettingsResolver.DefaultSource, settings.Model.Source);
        Assert.Equal(ProviderKind.Local, settings.Provider.Value);
        Assert.Equal("auto", settings.Language.Value);
        Assert.Equal(temp.Combine("home", ".local", "share", "pmcopilot", "models"), settings.ModelsDir.Value);
        Assert.Equal(temp.Combine("home", ".config", "pmcopilot"), settings.ConfigDir.Value);
    }

    [Fact]
    public void Flags_beat_environment_beat_project_beat_user_config()
    {
        UserConfig("""{ "threads": 2, "language": "zh", "contextSize": 1024, "gpuLayers": 5 }""");
        ProjectConfig("""{ "threads": 3, "contextSize": 2048 }""");
        env["PMCOPILOT_CONTEXT"] = "3072";

        var settings = Resolve(new SettingFlags { GpuLayers = 0 });

        Assert.Equal(3, settings.Threads.Value);
        Assert.Equal(temp.Combine("project", ".pmcopilot.json"), settings.Threads.Source);
        Assert.Equal("zh", settings.Language.Value);
        Assert.EndsWith("config.json", settings.Language.Source, StringComparison.Ordinal);
        Assert.Equal(3072, settings.ContextSize.Value);
        Assert.Equal("PMCOPILOT_CONTEXT", settings.ContextSize.Source);
        Assert.Equal(0, settings.GpuLayers.Value);
        Assert.Equal("--gpu-layers", settings.GpuLayers.Source);
    }

    [Fact]
    public void Xdg_and_pmcopilot_folders_are_honoured()
    {
        env["XDG_CONFIG_HOME"] = temp.Combine("xdgconfig");
        env["XDG_DATA_HOME"] = temp.Combine("xdgdata");
        temp.Write("xdgconfig/pmcopilot/config.json", """{ "language": "en" }""");

        var settings = Resolve();

        Assert.Equal("en", settings.Language.Value);
        Assert.Equal(temp.Combine("xdgdata", "pmcopilot", "models"), settings.ModelsDir.Value);

        env["PMCOPILOT_MODELS_DIR"] = temp.Combine("mine");
        env["PMCOPILOT_CONFIG_DIR"] = temp.Combine("cfg");
        var overridden = Resolve();
        Assert.Equal(temp.Combine("mine"), overridden.ModelsDir.Value);
        Assert.Equal("auto", overridden.Language.Value);
    }

    [Fact]
    public void Paths_in_a_config_file_are_relative_to_that_file_and_catalog_names_stay_names()
    {
        ProjectConfig("""{ "model": "./models/m.gguf", "nativeDir": "natives" }""");

        var settings = Resolve();

        Assert.Equal(temp.Combine("project", "models", "m.gguf"), settings.Model.Value);
        Assert.Equal(temp.Combine("project", "natives"), settings.NativeDir.Value);

        ProjectConfig("""{ "model": "qwen2.5-1.5b-instruct" }""");
        Assert.Equal("qwen2.5-1.5b-instruct", Resolve().Model.Value);
    }

    [Fact]
    public void Api_keys_in_config_files_are_ignored_with_a_warning()
    {
        ProjectConfig("""{ "apiKey": "sk-should-not-be-here", "provider": "openai", "endpoint": "http://127.0.0.1:9/v1" }""");

        var settings = Resolve();

        Assert.Null(settings.ApiKey.Value);
        Assert.Contains(settings.Warnings, w => w.Contains("apiKey", StringComparison.Ordinal));
        Assert.DoesNotContain(settings.Describe(), d => d.Value.Contains("sk-should", StringComparison.Ordinal));

        env["PMCOPILOT_API_KEY"] = "sk-from-env";
        var fromEnv = Resolve();
        Assert.Equal("sk-from-env", fromEnv.ApiKey.Value);
        Assert.DoesNotContain(fromEnv.Describe(), d => d.Value.Contains("sk-from-env", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("PMCOPILOT_THREADS", "many")]
    [InlineData("PMCOPILOT_THREADS", "0")]
    [InlineData("PMCOPILOT_CONTEXT", "10")]
    [InlineData("PMCOPILOT_PROVIDER", "magic")]
    [InlineData("PMCOPILOT_LANGUAGE", "fr")]
    [InlineData("PMCOPILOT_ENDPOINT", "not a url")]
    public void Unusable_values_are_refused_naming_where_they_came_from(string name, string value)
    {
        env[name] = value;

        var error = Assert.Throws<SettingsException>(() => Resolve());

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_config_json_is_a_clear_error()
    {
        ProjectConfig("{ threads: ");

        var error = Assert.Throws<SettingsException>(() => Resolve());

        Assert.Contains(".pmcopilot.json", error.Message, StringComparison.Ordinal);
    }
}
