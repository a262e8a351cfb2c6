using System.Text;
using System.Text.Json;
using PmCopilot.Cli.Tests.Support;

namespace PmCopilot.Cli.Tests.EndToEnd;

public sealed class PrdLintCommandTests : IDisposable
{
    private const string ThinPrd = """
        # Smart reply PRD

        ## Problem
        Support agents retype the same answers.

        ## Functional requirements
        - Replies must be fast and intuitive.

        ## Success metrics
        - Reply time goes down.
        """;

    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task Findings_exit_1_with_file_line_column()
    {
        var file = cli.Files.Write("work/prd.md", ThinPrd);

        var result = await cli.RunAsync("prd-lint", file);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Matches(@"prd\.md:\d+:\d+: (warning|error) PRD\d{3}: ", result.Stdout);
    }

    [Fact]
    public async Task Json_output_parses_and_reads_stdin()
    {
        var result = await cli.RunAsync(["prd-lint", "-", "--format", "json"], stdin: ThinPrd);

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.NotEmpty(json.RootElement.GetProperty("diagnostics").EnumerateArray());
    }

    [Fact]
    public async Task Unusable_inputs_exit_2_with_a_message_and_no_stack_trace()
    {
        cli.Files.Write("work/empty.md", "");
        cli.Files.Write("work/blank.md", "  \n\n ");
        cli.Files.Write("work/binary.md", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0, 0, 1, 2, 3 });
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        cli.Files.Write("work/gbk.md", Encoding.GetEncoding("GB18030").GetBytes("# 产品需求文档\n\n## 背景\n用户反馈很多。\n"));
        Directory.CreateDirectory(cli.Files.Combine("work", "folder.md"));

        foreach (var name in new[] { "missing.md", "empty.md", "blank.md", "binary.md", "gbk.md", "folder.md" })
        {
            var result = await cli.RunAsync("prd-lint", name);
            Assert.True(result.ExitCode == 2, $"{name}: {result}");
            Assert.StartsWith("error: ", result.Stderr.Trim(), StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        }
    }
}
