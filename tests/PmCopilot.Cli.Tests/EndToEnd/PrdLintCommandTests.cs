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
    public async Task A_word_prd_is_checked_through_its_markdown_and_a_fake_one_exits_2()
    {
        var docx = cli.Files.Combine("work", "prd.docx");
        Directory.CreateDirectory(Path.GetDirectoryName(docx)!);
        WriteMinimalDocx(docx, ("Team inbox PRD", "Title"), ("Problem", "Heading1"), ("Support leads lose track of shared emails.", null), ("Requirements", "Heading1"), ("The inbox should be intuitive.", "ListBullet"));

        var result = await cli.RunAsync("prd-lint", docx);
        Assert.True(result.ExitCode == 1, result.ToString());
        var vague = System.Text.RegularExpressions.Regex.Match(result.Stdout, "prd\\.docx:(\\d+):\\d+: warning PRD003: \"intuitive\"");
        Assert.True(vague.Success, result.ToString());

        var markdown = await cli.RunAsync("prd-lint", docx, "--markdown");
        Assert.Equal(0, markdown.ExitCode);
        var lines = markdown.Stdout.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        Assert.Equal("- The inbox should be intuitive.", lines[int.Parse(vague.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - 1]);

        cli.Files.Write("work/fake.docx", "not a word file");
        var fake = await cli.RunAsync("prd-lint", "fake.docx");
        Assert.True(fake.ExitCode == 2 && !fake.Stderr.Contains("   at ", StringComparison.Ordinal), fake.ToString());
    }

    /// <summary>The smallest Word package: content types, the package relationship and the document part (styles by id only).</summary>
    private static void WriteMinimalDocx(string path, params (string Text, string? Style)[] paragraphs)
    {
        const string W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
        var body = string.Concat(paragraphs.Select(p =>
            "<w:p>" + (p.Style is null ? string.Empty : "<w:pPr><w:pStyle w:val=\"" + p.Style + "\"/></w:pPr>") + "<w:r><w:t>" + System.Security.SecurityElement.Escape(p.Text) + "</w:t></w:r></w:p>"));
        using var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create);
        void Add(string name, string xml)
        {
            using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
            writer.Write(xml);
        }

        Add("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>");
        Add("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>");
        Add("word/document.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"" + W + "\"><w:body>" + body + "</w:body></w:document>");
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
