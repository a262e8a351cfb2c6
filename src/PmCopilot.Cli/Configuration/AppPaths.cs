namespace PmCopilot.Cli.Configuration;

/// <summary>Where PmCopilot keeps its files, following the XDG base-directory rules.</summary>
internal static class AppPaths
{
    public const string ProjectConfigFileName = ".pmcopilot.json";
    public const string UserConfigFileName = "config.json";

    public static string Home(Func<string, string?> env) =>
        NonEmpty(env("HOME")) ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    public static string ConfigDirectory(Func<string, string?> env) =>
        NonEmpty(env("PMCOPILOT_CONFIG_DIR"))
        ?? Path.Combine(NonEmpty(env("XDG_CONFIG_HOME")) ?? Path.Combine(Home(env), ".config"), "pmcopilot");

    public static string DefaultModelsDirectory(Func<string, string?> env) =>
        Path.Combine(NonEmpty(env("XDG_DATA_HOME")) ?? Path.Combine(Home(env), ".local", "share"), "pmcopilot", "models");

    /// <summary>The nearest <c>.pmcopilot.json</c> in the folder or any parent.</summary>
    public static string? FindProjectConfig(string startDirectory)
    {
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ProjectConfigFileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
