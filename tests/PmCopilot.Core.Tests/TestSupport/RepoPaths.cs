namespace PmCopilot.Core.Tests.TestSupport;

/// <summary>Finds the repository (the folder holding PmCopilot.sln) from the test assembly, and ../shared next to it.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PmCopilot.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("PmCopilot.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Root => LazyRoot.Value;

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string InRepo(params string[] parts) => Path.Combine([Root, .. parts]);
}
