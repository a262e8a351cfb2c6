using System.Text;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Cli.Commands;

/// <summary>
/// Reads text the user pointed at, refusing what cannot be text with a message that says why (exit 2): a missing
/// file, a folder, an empty file, binary data, or bytes that are not UTF-8/UTF-16.
/// </summary>
internal static class InputFiles
{
    public const long MaxTextBytes = 32L * 1024 * 1024;

    public static string ResolveExistingFile(string path, string workingDirectory, string what = "file")
    {
        var full = Path.GetFullPath(path, workingDirectory);
        if (Directory.Exists(full))
        {
            throw new JobInputException($"{path} is a folder; give a {what}.");
        }

        if (!File.Exists(full))
        {
            throw new JobInputException($"{path} does not exist.");
        }

        return full;
    }

    public static string ReadText(string path, string workingDirectory)
    {
        var full = ResolveExistingFile(path, workingDirectory);
        var length = new FileInfo(full).Length;
        if (length > MaxTextBytes)
        {
            throw new JobInputException($"{path} is {length / (1024 * 1024)} MiB; text inputs are limited to {MaxTextBytes / (1024 * 1024)} MiB.");
        }

        return Decode(File.ReadAllBytes(full), path);
    }

    public static async Task<string> ReadStdinAsync(Stream input, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await input.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxTextBytes)
            {
                throw new JobInputException($"standard input is over {MaxTextBytes / (1024 * 1024)} MiB; write it to a file and pass the path.");
            }
        }

        return Decode(buffer.ToArray(), "standard input");
    }

    public static string Decode(byte[] bytes, string name)
    {
        if (bytes.Length == 0)
        {
            throw new JobInputException($"{name} is empty.");
        }

        string text;
        if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            var encoding = bytes[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode;
            text = Strict(encoding).GetString(bytes, 2, bytes.Length - 2, name);
        }
        else
        {
            if (bytes.AsSpan(0, Math.Min(bytes.Length, 8192)).Contains((byte)0))
            {
                throw new JobInputException($"{name} looks binary (it contains NUL bytes); give a text or Markdown file.");
            }

            var offset = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
            text = Strict(new UTF8Encoding(false, true)).GetString(bytes, offset, bytes.Length - offset, name);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new JobInputException($"{name} has no text (only whitespace).");
        }

        return text.Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private static Encoding Strict(Encoding encoding) => encoding is UTF8Encoding
        ? encoding
        : Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    private static string GetString(this Encoding encoding, byte[] bytes, int offset, int count, string name)
    {
        try
        {
            return encoding.GetString(bytes, offset, count);
        }
        catch (DecoderFallbackException)
        {
            throw new JobInputException(
                $"{name} is not UTF-8 (or UTF-16 with a byte-order mark). Convert it first, e.g. iconv -f GB18030 -t UTF-8 '{name}' > converted.md");
        }
    }
}
