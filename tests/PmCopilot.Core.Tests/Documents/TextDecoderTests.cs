using System.Text;
using PmCopilot.Core.Documents;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Tests.Documents;

public class TextDecoderTests
{
    private const string Sample = "产品需求文档 PRD: 用户增长 30%\n第二行";

    static TextDecoderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public void Reads_utf8_with_and_without_bom()
    {
        Assert.Equal(Sample, TextDecoder.Decode(Encoding.UTF8.GetBytes(Sample), "a.txt"));
        Assert.Equal(Sample, TextDecoder.Decode([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Sample)], "a.txt"));
    }

    [Fact]
    public void Reads_utf16_by_its_bom()
    {
        Assert.Equal(Sample, TextDecoder.Decode([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Sample)], "le.txt"));
        Assert.Equal(Sample, TextDecoder.Decode([.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(Sample)], "be.txt"));
    }

    [Theory]
    [InlineData("GBK")]
    [InlineData("GB18030")]
    public void Detects_gbk_encoded_chinese(string encoding)
    {
        var bytes = Encoding.GetEncoding(encoding).GetBytes("会员积分兑换改版：目标是把兑换转化率从 3.1% 提升到 4.5%。\n");
        Assert.Equal("会员积分兑换改版：目标是把兑换转化率从 3.1% 提升到 4.5%。\n", TextDecoder.Decode(bytes, "gbk.txt"));
    }

    [Fact]
    public void Normalises_line_endings() =>
        Assert.Equal("a\nb\nc", TextDecoder.Decode("a\r\nb\rc"u8.ToArray(), "x.txt"));

    [Fact]
    public void Binary_empty_and_unknown_encodings_are_clear_input_errors()
    {
        Assert.Contains("binary", Assert.Throws<JobInputException>(() => TextDecoder.Decode([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00], "a.out")).Message, StringComparison.Ordinal);
        Assert.Contains("empty", Assert.Throws<JobInputException>(() => TextDecoder.Decode([], "e.txt")).Message, StringComparison.Ordinal);
        Assert.Contains("whitespace", Assert.Throws<JobInputException>(() => TextDecoder.Decode(" \n\t "u8.ToArray(), "w.txt")).Message, StringComparison.Ordinal);

        // Ends in a lead byte with no trail (not UTF-8, not GB18030) that Windows-1252 leaves undefined.
        byte[] noise = [.. "Plain words then a stray byte "u8.ToArray(), 0x81];
        var ex = Assert.Throws<JobInputException>(() => TextDecoder.Decode(noise, "x.txt"));
        Assert.Contains("UTF-8", ex.Message, StringComparison.Ordinal);
        Assert.Contains("x.txt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Windows_1252_text_is_read()
    {
        // What older Windows tools save: Latin-1 letters plus 1252's curly quotes and dashes.
        var bytes = Encoding.GetEncoding(1252).GetBytes("café crème déjà vu \u2013 the \u201Cnaïve\u201D rollout failed; we rolled back at 14:05.");
        Assert.Equal("café crème déjà vu \u2013 the \u201Cnaïve\u201D rollout failed; we rolled back at 14:05.", TextDecoder.Decode(bytes, "fr.txt"));
    }
}
