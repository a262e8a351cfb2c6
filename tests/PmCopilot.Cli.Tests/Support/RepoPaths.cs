namespace PmCopilot.Cli.Tests.Support;

/// <summary>The repository root (the folder holding PmCopilot.sln) and the shared folder beside it.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string TinyModel => Path.Combine(Shared, "models", "llama-2-tiny-random.gguf");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PmCopilot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PmCopilot.sln not found above " + AppContext.BaseDirectory);
    }
}
