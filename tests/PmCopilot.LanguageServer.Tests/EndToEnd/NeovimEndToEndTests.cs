using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace PmCopilot.LanguageServer.Tests.EndToEnd;

/// <summary>
/// A real third-party client: headless Neovim (built-in <c>vim.lsp</c>) opens a C# ML file and a PRD and must receive
/// the PMC and PRD diagnostics, answer a hover and list code actions. Neovim is installed by <c>.ci/setup.d/neovim.sh</c>.
/// The server is the built CLI (<c>pmcopilot serve</c>) when it is there, else this test's in-process server reached
/// through a stdio-to-TCP bridge that Neovim spawns.
/// </summary>
public sealed class NeovimEndToEndTests : IDisposable
{
    private const string TrainCs = """
        using Microsoft.ML;

        namespace Demo;

        public static class Train
        {
            public static void Run()
            {
                var ml = new MLContext();
                var data = ml.Data.LoadFromTextFile<Row>("data.csv", separatorChar: ',', hasHeader: true);
            }

            public sealed class Row
            {
                public float Size { get; set; }
                public float Price { get; set; }
            }
        }
        """;

    private const string FeaturePrd = """
        # PRD: Smart reorder reminders

        ## Summary

        Remind shoppers to reorder items they buy on a regular cycle.

        ## Requirements

        - FR-1: The reminder must be smart.
        - FR-2: A reminder is sent at most once per item per cycle.

        ## Open questions

        - TBD: which channel goes first
        """;

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("pmc-nvim-");

    public void Dispose() => this.folder.Delete(recursive: true);

    [Fact]
    public async Task Neovim_receives_PMC_and_PRD_diagnostics()
    {
        var nvim = FindOnPath("nvim") ?? throw new InvalidOperationException("nvim is not installed: run .ci/setup.d/neovim.sh (apt-get install neovim)");
        var cs = Path.Combine(this.folder.FullName, "Train.cs");
        var md = Path.Combine(this.folder.FullName, "reorder-prd.md");
        await File.WriteAllTextAsync(cs, TrainCs, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(md, FeaturePrd, TestContext.Current.CancellationToken);
        var output = Path.Combine(this.folder.FullName, "result.json");

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        Task<int>? serverRun = null;
        string[] command;
        if (FindBuiltCli() is { } cli)
        {
            command = ["dotnet", cli, "serve"];
        }
        else
        {
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            serverRun = Task.Run(async () =>
            {
                using var socket = await listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
                await using var stream = socket.GetStream();
                return await LanguageServerHost.RunAsync(stream, stream, new LanguageServerOptions { Log = TextWriter.Null }, TestContext.Current.CancellationToken);
            });
            command = ["python3", Path.Combine(AppContext.BaseDirectory, "EndToEnd", "bridge.py"), port.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        }

        var start = new ProcessStartInfo(nvim)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = this.folder.FullName,
        };
        foreach (var arg in new[] { "--headless", "-n", "-i", "NONE", "-u", "NONE", "--cmd", "filetype on", "-c", "luafile " + Path.Combine(AppContext.BaseDirectory, "EndToEnd", "neovim-client.lua") })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PMC_CMD"] = JsonSerializer.Serialize(command);
        start.Environment["PMC_ROOT"] = this.folder.FullName;
        start.Environment["PMC_FILES"] = JsonSerializer.Serialize(new[] { cs, md });
        start.Environment["PMC_OUT"] = output;
        start.Environment["PMC_TIMEOUT_MS"] = "90000";

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("Neovim did not finish within 3 minutes: " + await stderr);
            }
        }

        Assert.True(File.Exists(output), "Neovim wrote no result: " + await stderr);
        using var result = JsonDocument.Parse(await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken));
        var files = result.RootElement.GetProperty("files");
        var log = result.RootElement.GetProperty("log").ToString();

        var csResult = files.GetProperty(cs);
        Assert.Contains("PMC007", Codes(csResult.GetProperty("published")));
        Assert.Contains("PMC007", Codes(csResult.GetProperty("diagnostics")));
        Assert.Contains("PMC", csResult.GetProperty("hover").GetString());
        Assert.Contains(csResult.GetProperty("actions").EnumerateArray(), a => a.GetString()!.StartsWith("Explain PMC", StringComparison.Ordinal));

        var mdResult = files.GetProperty(md);
        var prdCodes = Codes(mdResult.GetProperty("diagnostics"));
        Assert.Contains("PRD001", prdCodes);
        Assert.All(prdCodes, code => Assert.StartsWith("PRD", code));
        Assert.NotEqual(0, mdResult.GetProperty("actions").GetArrayLength());

        if (serverRun is not null)
        {
            // Neovim shut the server down properly (shutdown, then exit).
            Assert.Equal(0, await serverRun.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken));
        }

        Assert.Contains("all published: true", log);
    }

    private static List<string> Codes(JsonElement array) => array.EnumerateArray().Select(c => c.ToString()).ToList();

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    /// <summary>The CLI built in the same configuration as this test, when its <c>serve</c> command is wired.</summary>
    private static string? FindBuiltCli()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PmCopilot.sln")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            return null;
        }

        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var cli = Path.Combine(dir.FullName, "src", "PmCopilot.Cli", "bin", configuration, "net10.0", "pmcopilot.dll");
        if (!File.Exists(cli))
        {
            return null;
        }

        using var probe = Process.Start(new ProcessStartInfo("dotnet") { ArgumentList = { cli, "serve", "--help" }, RedirectStandardOutput = true, RedirectStandardError = true })!;
        probe.StandardOutput.ReadToEnd();
        probe.WaitForExit();
        return probe.ExitCode == 0 ? cli : null;
    }
}
