using System.Text;

namespace PmCopilot.Lint.Analysis;

/// <summary>Reads a source file defensively: too large, binary, or unreadable files come back as a reason instead of text.</summary>
internal static class SourceFileReader
{
    /// <summary>Files above this size are skipped: generated or data files, not hand-written ML code.</summary>
    public const long MaxBytes = 2 * 1024 * 1024;

    public static bool TryRead(string path, out string text, out string? problem)
    {
        text = string.Empty;
        problem = null;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                problem = "file not found";
                return false;
            }

            if (info.Length > MaxBytes)
            {
                problem = $"file is too large to analyze ({info.Length / 1024} KiB > {MaxBytes / 1024} KiB)";
                return false;
            }

            var bytes = File.ReadAllBytes(path);
            if (LooksBinary(bytes))
            {
                problem = "file looks binary (contains NUL bytes); skipped";
                return false;
            }

            text = DecodeText(bytes);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            problem = "file could not be read: " + e.Message;
            return false;
        }
    }

    private static bool LooksBinary(byte[] bytes)
    {
        var length = Math.Min(bytes.Length, 8192);
        var hasUtf16Bom = bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF));
        if (hasUtf16Bom)
            return false;
        for (var i = 0; i < length; i++)
        {
            if (bytes[i] == 0)
                return true;
        }

        return false;
    }

    private static string DecodeText(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}
