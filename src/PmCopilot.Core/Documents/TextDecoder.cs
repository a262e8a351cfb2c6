using System.Text;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Documents;

/// <summary>
/// Turns the bytes of a text file into a string: a BOM decides (UTF-8, UTF-16 LE/BE, UTF-32); otherwise strict UTF-8,
/// then GB18030 (a superset of GBK/GB2312) when the result reads as Chinese text. Binary data, empty files and
/// anything else are refused with a <see cref="JobInputException"/> that says what to do.
/// </summary>
public static class TextDecoder
{
    static TextDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static string Decode(ReadOnlySpan<byte> bytes, string displayName)
    {
        if (bytes.IsEmpty)
        {
            throw new JobInputException($"'{displayName}' is empty: there is nothing to read.");
        }

        string text;
        if (TryBom(bytes, out var bomEncoding, out var bomLength))
        {
            text = Strict(bomEncoding).GetString(bytes[bomLength..]);
        }
        else if (LooksBinary(bytes))
        {
            throw new JobInputException($"'{displayName}' looks like a binary file, not text. Supported: .md, .txt, .html, .pdf, .docx.");
        }
        else if (TryStrict(new UTF8Encoding(false, true), bytes, out var utf8))
        {
            text = utf8;
        }
        else if (TryStrict(Strict(Encoding.GetEncoding("GB18030")), bytes, out var gb) && ReadsAsChinese(gb))
        {
            text = gb;
        }
        else if (ReadsAsWestern(bytes))
        {
            // Windows-1252 (Latin-1 with curly quotes and dashes): what older Windows tools and Excel save Western text as.
            text = Encoding.GetEncoding(1252).GetString(bytes);
        }
        else
        {
            throw new JobInputException(
                $"'{displayName}' is neither UTF-8, GBK/GB18030 nor Windows-1252 text. Save it as UTF-8 and try again.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new JobInputException($"'{displayName}' holds only whitespace: there is nothing to read.");
        }

        return text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
    }

    private static bool TryBom(ReadOnlySpan<byte> b, out Encoding encoding, out int length)
    {
        (encoding, length) = b switch
        {
            [0xEF, 0xBB, 0xBF, ..] => ((Encoding)new UTF8Encoding(false, true), 3),
            [0xFF, 0xFE, 0x00, 0x00, ..] => (new UTF32Encoding(false, false, true), 4),
            [0x00, 0x00, 0xFE, 0xFF, ..] => (new UTF32Encoding(true, false, true), 4),
            [0xFF, 0xFE, ..] => (new UnicodeEncoding(false, false, true), 2),
            [0xFE, 0xFF, ..] => (new UnicodeEncoding(true, false, true), 2),
            _ => (null!, 0),
        };
        return encoding is not null;
    }

    private static Encoding Strict(Encoding encoding)
    {
        var clone = (Encoding)encoding.Clone();
        clone.DecoderFallback = DecoderFallback.ExceptionFallback;
        return clone;
    }

    private static bool TryStrict(Encoding encoding, ReadOnlySpan<byte> bytes, out string text)
    {
        try
        {
            text = encoding.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = string.Empty;
            return false;
        }
    }

    internal static bool LooksBinary(ReadOnlySpan<byte> bytes)
    {
        var sample = bytes[..Math.Min(bytes.Length, 8192)];
        var control = 0;
        foreach (var b in sample)
        {
            if (b == 0)
            {
                return true;
            }

            if (b < 0x09 || (b > 0x0D && b < 0x20 && b != 0x1B))
            {
                control++;
            }
        }

        return control > sample.Length / 100 + 1;
    }

    // Mostly ASCII, and every other byte a letter, sign or punctuation of Windows-1252 (0x80–0x9F holds its quotes,
    // dashes and €; five of those codes are undefined).
    internal static bool ReadsAsWestern(ReadOnlySpan<byte> bytes)
    {
        int high = 0;
        foreach (var b in bytes)
        {
            if (b >= 0x80)
            {
                high++;
                if (b is 0x81 or 0x8D or 0x8F or 0x90 or 0x9D)
                {
                    return false;
                }
            }
        }

        return high <= bytes.Length / 5;
    }

    // GB18030 maps almost any byte sequence to something; accept it only when the non-ASCII part is mostly
    // Chinese ideographs and CJK punctuation, as real GBK documents are.
    private static bool ReadsAsChinese(string text)
    {
        int nonAscii = 0, chinese = 0;
        foreach (var c in text)
        {
            if (c < 0x80)
            {
                continue;
            }

            nonAscii++;
            if (LanguageDetector.IsCjk(c) || (c >= '\u3000' && c <= '\u303F') || (c >= '\uFF00' && c <= '\uFFEF') || c is '“' or '”' or '‘' or '’' or '…' or '—' or '·')
            {
                chinese++;
            }
        }

        return nonAscii > 0 && chinese >= nonAscii * 0.9;
    }
}
