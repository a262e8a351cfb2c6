using System.Text.Json;
using System.Text.RegularExpressions;
using PmCopilot.Lint;
using PmCopilot.Lint.References;

namespace PmCopilot.Analyzers.Tests.Lint;

public class LintCommandTests
{
    internal const string Leaky = """
        using Microsoft.ML;

        public static class Program
        {
            public static void Main()
            {
                var ml = new MLContext();
                var data = ml.Data.LoadFromTextFile<Row>("data.csv", separatorChar: ',');
                var pipeline = ml.Transforms.Concatenate("Features", "A", "B")
                    .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());
                var model = pipeline.Fit(data);
                var metrics = ml.BinaryClassification.Evaluate(model.Transform(data));
                System.Console.WriteLine(metrics.Accuracy);
            }
        }

        public class Row
        {
            public float A { get; set; }
            public float B { get; set; }
            public bool Label { get; set; }
        }
        """;

    internal const string Clean = """
        using Microsoft.ML;

        public static class Program
        {
            public static void Main()
            {
                var ml = new MLContext(seed: 1);
                System.Console.WriteLine(ml != null);
            }
        }
        """;

    private static async Task<(int Code, string Out, string Err)> Run(string path, string format = "text", string? output = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await LintCommand.RunAsync(path, format, output, stdout, stderr, TestContext.Current.CancellationToken);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task LooseFileFindingsAsTextAndExitOne()
    {
        using var folder = new TempFolder();
        var file = folder.Write("Train.cs", Leaky);

        var (code, output, _) = await Run(file);

        Assert.Equal(LintCommand.Findings, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => Regex.IsMatch(l, @"Train\.cs:7:18: info PMC007: "));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"Train\.cs:10:21: warning PMC001: "));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"Train\.cs:12:23: warning PMC003: "));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"Train\.cs:13:34: info PMC012: "));
    }

    [Fact]
    public async Task LooseFileBindsTheTreeTrainers()
    {
        using var folder = new TempFolder();
        var file = folder.Write("Trees.cs", """
            using Microsoft.ML;

            public static class Program
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
                    var model = ml.Regression.Trainers.FastTree().Fit(split.TrainSet);
                    var metrics = ml.Regression.Evaluate(model.Transform(split.TrainSet));
                    System.Console.WriteLine(metrics.RootMeanSquaredError);
                }
            }
            """);

        // FastTree ships in Microsoft.ML.FastTree: without it in the bundled references the pipeline does not bind and PMC003 is lost.
        var (code, output, _) = await Run(file);
        Assert.Equal(LintCommand.Findings, code);
        Assert.Matches(@"Trees\.cs:9:\d+: warning PMC003: ", output);
    }

    [Fact]
    public async Task CleanFileExitsZero()
    {
        using var folder = new TempFolder();
        var file = folder.Write("Ok.cs", Clean);
        var (code, output, _) = await Run(file);
        Assert.Equal(LintCommand.Clean, code);
        Assert.Contains("0 finding(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadInputIsAUsageError()
    {
        using var folder = new TempFolder();
        var text = folder.Write("notes.txt", "hello");

        Assert.Equal(LintCommand.UsageError, (await Run(Path.Combine(folder.Path, "missing.cs"))).Code);
        Assert.Equal(LintCommand.UsageError, (await Run(text)).Code);
        var (code, _, err) = await Run(folder.Path, format: "xml");
        Assert.Equal(LintCommand.UsageError, code);
        Assert.StartsWith("error: unknown format", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrokenBinaryAndHugeFilesAreSkippedNotFatal()
    {
        using var folder = new TempFolder();
        folder.Write("Train.cs", Leaky);
        folder.Write("Broken.cs", "public class Broken { void M( { }");
        File.WriteAllBytes(Path.Combine(folder.Path, "Blob.cs"), [0x4D, 0x5A, 0x00, 0x00, 0x01, 0x02]);
        File.WriteAllText(Path.Combine(folder.Path, "Huge.cs"), "// " + new string('x', 3 * 1024 * 1024));

        var (code, output, _) = await Run(folder.Path);

        Assert.Equal(LintCommand.Findings, code);
        Assert.Contains("Broken.cs: skipped: syntax error at 1:", output, StringComparison.Ordinal);
        Assert.Contains("Blob.cs: skipped: file looks binary", output, StringComparison.Ordinal);
        Assert.Contains("Huge.cs: skipped: file is too large", output, StringComparison.Ordinal);
        Assert.Contains("PMC001", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonReportParses()
    {
        using var folder = new TempFolder();
        var file = folder.Write("Train.cs", Leaky);
        var (code, output, _) = await Run(file, "json");
        Assert.Equal(1, code);
        using var json = JsonDocument.Parse(output);
        var findings = json.RootElement.GetProperty("findings");
        Assert.True(findings.GetArrayLength() >= 4);
        var first = findings[0];
        Assert.StartsWith("PMC", first.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.True(first.GetProperty("line").GetInt32() >= 1);
        Assert.EndsWith(".md", first.GetProperty("helpUri").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SarifReportHasTheRequiredShapeAndIsWrittenToTheOutputFile()
    {
        using var folder = new TempFolder();
        var file = folder.Write("src/Train.cs", Leaky);
        var report = Path.Combine(folder.Path, "lint.sarif");

        var (code, stdout, _) = await Run(file, "sarif", report);

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        SarifShape.AssertValid(json.RootElement);
        var run = Assert.Single(json.RootElement.GetProperty("runs").EnumerateArray());
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules");
        Assert.Equal(12, rules.GetArrayLength());
        Assert.All(rules.EnumerateArray(), r => Assert.StartsWith("https://", r.GetProperty("helpUri").GetString(), StringComparison.Ordinal));
        var result = run.GetProperty("results")[0];
        Assert.Equal("src/Train.cs", result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    [Fact]
    public async Task ProjectUsesItsRestoredAssetsAndSolutionListsIt()
    {
        using var folder = new TempFolder();
        var project = ProjectFixture.Create(folder, "Sample", Leaky);

        var (code, output, err) = await Run(project);
        Assert.Equal(1, code);
        Assert.Contains("PMC001", output, StringComparison.Ordinal);
        Assert.DoesNotContain("bundled", err, StringComparison.Ordinal);

        var solution = folder.Write("All.sln", """
            Microsoft Visual Studio Solution File, Format Version 12.00
            Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Sample", "Sample\Sample.csproj", "{11111111-1111-1111-1111-111111111111}"
            EndProject
            """);
        var (slnCode, slnOutput, _) = await Run(solution);
        Assert.Equal(1, slnCode);
        Assert.Contains("PMC001", slnOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void AssetsReaderListsCompileAssemblies()
    {
        using var folder = new TempFolder();
        var project = ProjectFixture.Create(folder, "Sample", Clean);
        var assets = ReferenceResolver.ReadCompileAssets(Path.Combine(Path.GetDirectoryName(project)!, "obj", "project.assets.json"));
        Assert.Contains(assets, a => a.EndsWith("Microsoft.ML.Data.dll", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.EndsWith("TorchSharp.dll", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnrestoredProjectFallsBackToBundledReferencesWithANote()
    {
        using var folder = new TempFolder();
        folder.Write("P/P.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><OutputType>Exe</OutputType></PropertyGroup></Project>");
        folder.Write("P/Train.cs", Leaky);
        var (code, output, err) = await Run(Path.Combine(folder.Path, "P", "P.csproj"));
        Assert.Equal(1, code);
        Assert.Contains("PMC001", output, StringComparison.Ordinal);
        Assert.Contains("bundled", err, StringComparison.Ordinal);
    }

    private const string SeedingProgram = """
        using TorchSharp;

        public static class Program
        {
            public static void Main() => torch.manual_seed(1);
        }
        """;

    private const string UnseededTraining = """
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        public static class Fitting
        {
            public static void Fit(Module<Tensor, Tensor> model, Tensor x, Tensor y)
            {
                var optimizer = torch.optim.SGD(model.parameters(), 0.1);
                for (var i = 0; i < 3; i++)
                {
                    using var scope = torch.NewDisposeScope();
                    optimizer.zero_grad();
                    functional.mse_loss(model.call(x), y).backward();
                    optimizer.step();
                }
            }
        }
        """;

    /// <summary>A restored project whose Program seeds torch and whose Samples/ folder is removed from the build.</summary>
    private static string ProjectWithRemovedSamples(TempFolder folder)
    {
        var project = ProjectFixture.Create(folder, "App", SeedingProgram);
        folder.Write("App/App.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup><Compile Remove="Samples/**" /></ItemGroup>
            </Project>
            """);
        folder.Write("App/Samples/Unseeded.cs", UnseededTraining);
        folder.Write("App/Samples/Seeds.cs", SeedingProgram.Replace("class Program", "class Seeds", StringComparison.Ordinal));
        return project;
    }

    [Fact]
    public async Task FileTheProjectRemovesIsAnalyzedAloneWithTheProjectsReferences()
    {
        using var folder = new TempFolder();
        var project = ProjectWithRemovedSamples(folder);
        var sample = Path.Combine(folder.Path, "App", "Samples", "Unseeded.cs");

        // The build never compiles the sample with Program's manual_seed, so the seed must not hide its PMC007.
        var (code, output, err) = await Run(sample);
        Assert.Equal(LintCommand.Findings, code);
        Assert.Matches(@"Unseeded\.cs:14:\d+: info PMC007: ", output);
        Assert.DoesNotContain("bundled", err, StringComparison.Ordinal);

        // Each removed file is a program of its own: a seed in the file beside it does not count either.
        var (folderCode, folderOutput, _) = await Run(Path.GetDirectoryName(sample)!);
        Assert.Equal(LintCommand.Findings, folderCode);
        Assert.Matches(@"Unseeded\.cs:14:\d+: info PMC007: ", folderOutput);
        Assert.Contains("2 file(s) analyzed", folderOutput, StringComparison.Ordinal);

        // The project itself leaves the samples out, as its build does.
        var (projectCode, projectOutput, _) = await Run(project);
        Assert.Equal(LintCommand.Clean, projectCode);
        Assert.Contains("1 file(s) analyzed", projectOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FolderInsideAProjectIsAnalyzedWithTheRestOfTheProject()
    {
        using var folder = new TempFolder();
        ProjectFixture.Create(folder, "App", SeedingProgram);
        var training = folder.Write("App/Training/Fitting.cs", UnseededTraining);

        // Program.Main seeds torch in the same compilation: no PMC007, for the folder as for the file.
        var (code, output, _) = await Run(Path.GetDirectoryName(training)!);
        Assert.True(code == LintCommand.Clean, output);
        Assert.Contains("1 file(s) analyzed", output, StringComparison.Ordinal);
        Assert.Equal(LintCommand.Clean, (await Run(training)).Code);
    }
}
