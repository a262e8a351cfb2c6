using System.Diagnostics;
using System.IO.Compression;
using PmCopilot.Analyzers.Tests.Lint;
using PmCopilot.Analyzers.Tests.Rules;

namespace PmCopilot.Analyzers.Tests.Packaging;

/// <summary>Packs the analyzer project and builds a user project that references the package from a local folder feed.</summary>
public class PackageBuildTests
{
    [Fact]
    public async Task SampleProjectBuildReportsPmcDiagnosticsFromThePackage()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder();
        var root = DescriptorTests.RepoRoot();
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        // A fresh version per run, restored into a private packages folder, so no stale copy is ever picked up.
        var version = "0.0.0-test" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        var feed = Path.Combine(folder.Path, "feed");

        var pack = await DotNet(root, ct, "pack", Path.Combine(root, "src", "PmCopilot.Analyzers", "PmCopilot.Analyzers.csproj"), "-c", configuration, "--no-build", "--no-restore", "-o", feed, $"-p:Version={version}", "-nologo");
        Assert.True(pack.Code == 0, pack.Output);
        var nupkg = Assert.Single(Directory.GetFiles(feed, "*.nupkg"));
        using (var archive = ZipFile.OpenRead(nupkg))
        {
            Assert.Contains(archive.Entries, e => e.FullName == "analyzers/dotnet/cs/PmCopilot.Analyzers.dll");
            Assert.DoesNotContain(archive.Entries, e => e.FullName.StartsWith("lib/", StringComparison.Ordinal));
            var nuspec = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
            using var reader = new StreamReader(nuspec.Open());
            Assert.Contains("<developmentDependency>true</developmentDependency>", await reader.ReadToEndAsync(ct), StringComparison.Ordinal);
        }

        var sample = Path.Combine(folder.Path, "sample");
        Directory.CreateDirectory(sample);
        await File.WriteAllTextAsync(Path.Combine(sample, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(folder.Path, "packages")}" />
              </config>
              <fallbackPackageFolders>
                <add key="user" value="{ProjectFixture.PackagesFolder()}" />
              </fallbackPackageFolders>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """, ct);
        await File.WriteAllTextAsync(Path.Combine(sample, "Sample.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <ImportDirectoryBuildProps>false</ImportDirectoryBuildProps>
                <ImportDirectoryPackagesProps>false</ImportDirectoryPackagesProps>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.ML" Version="5.0.1" />
                <PackageReference Include="PmCopilot.Analyzers" Version="{version}" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """, ct);
        await File.WriteAllTextAsync(Path.Combine(sample, "Program.cs"), LintCommandTests.Leaky, ct);

        var build = await DotNet(sample, ct, "build", "Sample.csproj", "-nologo", "-v", "q", "-p:UseSharedCompilation=false");
        Assert.True(build.Code == 0, build.Output);
        Assert.Contains("warning PMC001", build.Output, StringComparison.Ordinal);
        Assert.Contains("warning PMC003", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("AD0001", build.Output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output)> DotNet(string workingDirectory, CancellationToken ct, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
