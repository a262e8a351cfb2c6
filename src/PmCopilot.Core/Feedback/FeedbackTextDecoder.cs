using System.Text;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Feedback;

/// <summary>
/// Turns the bytes of a feedback file into text: UTF-8 (with or without BOM), UTF-16/32 with a BOM,
/// and GBK/GB18030 Chinese (common in exports from Chinese tools). Anything else is refused with a message
/// that says what to do, because guessing a wrong code page silently corrupts every quote.
/// </summary>
public static class FeedbackTextDecoder
{
    private static readonly Lazy<Encoding> Gb18030 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    });

    /// <summary>The decoded text and the name of the encoding that was recognised.</summary>
    public static (string Text, string EncodingName) Decode(ReadOnlySpan<byte> bytes, string displayName)
    {
        if (bytes.IsEmpty)
        {
            throw new JobInputException($"{displayName} is empty: there is no feedback to analyse.");
        }

        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            return (DecodeStrict(new UTF8Encoding(false, true), bytes[3..], displayName, "UTF-8"), "utf-8-bom");
        }

        if (bytes.Length >= 4 && bytes[0] == 0xFF && bytes[1] == 0xFE && bytes[2] == 0 && bytes[3] == 0)
        {
            return (DecodeStrict(new UTF32Encoding(false, false, true), bytes[4..], displayName, "UTF-32"), "utf-32le");
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            return (DecodeStrict(new UnicodeEncoding(false, false, true), bytes[2..], displayName, "UTF-16"), "utf-16le");
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return (DecodeStrict(new UnicodeEncoding(true, false, true), bytes[2..], displayName, "UTF-16"), "utf-16be");
        }

        RejectKnownBinary(bytes, displayName);

        var head = bytes[..Math.Min(bytes.Length, 8192)];
        if (head.Contains((byte)0))
        {
            // UTF-16 without a BOM shows as every other byte zero in mostly-ASCII text.
            if (LooksLikeUtf16WithoutBom(head, out bool bigEndian))
            {
                return (DecodeStrict(new UnicodeEncoding(bigEndian, false, true), bytes, displayName, "UTF-16"), bigEndian ? "utf-16be" : "utf-16le");
            }

            throw new JobInputException($"{displayName} looks like a binary file, not text. Export the feedback as CSV, JSON or plain text (UTF-8) and try again.");
        }

        if (TryDecode(new UTF8Encoding(false, true), bytes, out var utf8))
        {
            return (CheckText(utf8, displayName), "utf-8");
        }

        if (TryDecode(Gb18030.Value, bytes, out var gb) && LooksLikeChinese(gb))
        {
            return (CheckText(gb, displayName), "gb18030");
        }

        if (Documents.TextDecoder.ReadsAsWestern(bytes))
        {
            // Excel's plain "CSV" on a Western Windows is Windows-1252.
            return (CheckText(System.Text.Encoding.GetEncoding(1252).GetString(bytes), displayName), "windows-1252");
        }

        throw new JobInputException(
            $"{displayName} is neither UTF-8, GBK/GB18030 nor Windows-1252 text, so its characters cannot be read reliably. " +
            "Save it as UTF-8 (in Excel: \"CSV UTF-8\") and try again.");
    }

    private static void RejectKnownBinary(ReadOnlySpan<byte> bytes, string displayName)
    {
        if (bytes.StartsWith("PK\u0003\u0004"u8))
        {
            throw new JobInputException($"{displayName} is a zip-based file, not text. Feedback is read from CSV, TSV, Excel (.xlsx), JSON, JSONL or text.");
        }

        if (bytes.StartsWith("%PDF"u8))
        {
            throw new JobInputException($"{displayName} is a PDF. Feedback analysis reads CSV, JSON, JSONL or plain text; export the feedback in one of those.");
        }

        if (bytes.Length >= 8 && bytes[0] == 0xD0 && bytes[1] == 0xCF && bytes[2] == 0x11 && bytes[3] == 0xE0)
        {
            throw new JobInputException($"{displayName} is an old Office file (.xls/.doc), not text. Save it as .xlsx or CSV (UTF-8) and try again.");
        }
    }

    private static bool LooksLikeUtf16WithoutBom(ReadOnlySpan<byte> head, out bool bigEndian)
    {
        int evenZero = 0, oddZero = 0, pairs = head.Length / 2;
        for (int i = 0; i + 1 < head.Length; i += 2)
        {
            if (head[i] == 0)
            {
                evenZero++;
            }

            if (head[i + 1] == 0)
            {
                oddZero++;
            }
        }

        bigEndian = evenZero > oddZero;
        return pairs > 0 && Math.Max(evenZero, oddZero) >= pairs * 0.4 && Math.Min(evenZero, oddZero) <= pairs * 0.05;
    }

    private static string DecodeStrict(Encoding encoding, ReadOnlySpan<byte> bytes, string displayName, string name)
    {
        if (!TryDecode(encoding, bytes, out var text))
        {
            throw new JobInputException($"{displayName} starts with a {name} byte-order mark but is not valid {name}. Re-save it as UTF-8 and try again.");
        }

        return CheckText(text, displayName);
    }

    private static bool TryDecode(Encoding encoding, ReadOnlySpan<byte> bytes, out string text)
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

    /// <summary>GB18030 decodes many byte soups; accept it only when what comes out is mostly common Chinese.</summary>
    private static bool LooksLikeChinese(string text)
    {
        int nonAscii = 0, cjk = 0;
        foreach (var ch in text)
        {
            if (ch < 0x80)
            {
                continue;
            }

            nonAscii++;
            if (LanguageDetector.IsCjk(ch) || (ch >= '\u3000' && ch <= '\u303F') || (ch >= '\uFF00' && ch <= '\uFFEF'))
            {
                cjk++;
            }
        }

        return nonAscii > 0 && cjk >= nonAscii * 0.9;
    }

    private static string CheckText(string text, string displayName)
    {
        int control = 0, sampled = 0;
        foreach (var ch in text.AsSpan(0, Math.Min(text.Length, 20000)))
        {
            sampled++;
            if (char.IsControl(ch) && ch != '\n' && ch != '\r' && ch != '\t' && ch != '\f')
            {
                control++;
            }
        }

        if (control > 0 && control > sampled / 100)
        {
            throw new JobInputException($"{displayName} contains binary data (control characters), not feedback text. Export it as CSV, JSON or plain text and try again.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new JobInputException($"{displayName} has no text in it: there is no feedback to analyse.");
        }

        return text;
    }
}
