using System.Text.Json;

namespace PmCopilot.Analyzers.Tests.Lint;

/// <summary>A project folder with a hand-written obj/project.assets.json pointing at the real packages in the NuGet cache (as a restore would).</summary>
internal static class ProjectFixture
{
    public static string Create(TempFolder folder, string name, string source)
    {
        var packages = PackagesFolder();
        var project = folder.Write($"{name}/{name}.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>");
        folder.Write($"{name}/Train.cs", source);
        var mlFiles = new[] { "Microsoft.ML.Core.dll", "Microsoft.ML.Data.dll", "Microsoft.ML.KMeansClustering.dll", "Microsoft.ML.PCA.dll", "Microsoft.ML.StandardTrainers.dll", "Microsoft.ML.Transforms.dll" };
        var assets = new
        {
            version = 3,
            targets = new Dictionary<string, object>
            {
                ["net10.0"] = new Dictionary<string, object>
                {
                    ["Microsoft.ML/5.0.1"] = new { type = "package", compile = mlFiles.ToDictionary(f => "lib/netstandard2.0/" + f, _ => new { }) },
                    ["Microsoft.ML.DataView/5.0.1"] = new { type = "package", compile = new Dictionary<string, object> { ["lib/netstandard2.0/Microsoft.ML.DataView.dll"] = new { } } },
                    ["TorchSharp/0.107.0"] = new { type = "package", compile = new Dictionary<string, object> { ["lib/net8.0/TorchSharp.dll"] = new { } } },
                    ["System.Memory/4.5.5"] = new { type = "package", compile = new Dictionary<string, object> { ["ref/netcoreapp2.1/_._"] = new { } } },
                },
            },
            libraries = new Dictionary<string, object>
            {
                ["Microsoft.ML/5.0.1"] = new { type = "package", path = "microsoft.ml/5.0.1" },
                ["Microsoft.ML.DataView/5.0.1"] = new { type = "package", path = "microsoft.ml.dataview/5.0.1" },
                ["TorchSharp/0.107.0"] = new { type = "package", path = "torchsharp/0.107.0" },
                ["System.Memory/4.5.5"] = new { type = "package", path = "system.memory/4.5.5" },
            },
            packageFolders = new Dictionary<string, object> { [packages] = new { } },
        };
        folder.Write($"{name}/obj/project.assets.json", JsonSerializer.Serialize(assets));
        return project;
    }

    public static string PackagesFolder()
    {
        var configured = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        var folder = !string.IsNullOrEmpty(configured) ? configured : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar;
    }
}
