using PmCopilot.Lint.Output;

namespace PmCopilot.Lint;

/// <summary>The `pmcopilot lint` command, independent of any argument parser.</summary>
public static class LintCommand
{
    /// <summary>Exit code: no findings.</summary>
    public const int Clean = 0;

    /// <summary>Exit code: at least one PMC finding.</summary>
    public const int Findings = 1;

    /// <summary>Exit code: bad arguments or unreadable input.</summary>
    public const int UsageError = 2;

    /// <summary>
    /// Lints <paramref name="path"/> (a .cs file, folder, .csproj, .sln/.slnx) and writes the report in <paramref name="format"/>
    /// (text, json, sarif) to <paramref name="outputFile"/> (written atomically) or to <paramref name="stdout"/>.
    /// Errors go to <paramref name="stderr"/> as one line, never a stack trace.
    /// </summary>
    /// <returns>0 clean, 1 findings, 2 usage or input error.</returns>
    public static async Task<int> RunAsync(string path, string format, string? outputFile, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var normalizedFormat = (format ?? ReportWriters.Text).Trim().ToLowerInvariant();
        if (!ReportWriters.Formats.Contains(normalizedFormat))
        {
            await stderr.WriteLineAsync($"error: unknown format '{format}'; use one of: {string.Join(", ", ReportWriters.Formats)}").ConfigureAwait(false);
            return UsageError;
        }

        LintReport report;
        try
        {
            report = await LintEngine.LintAsync([path], new LintOptions(), ct).ConfigureAwait(false);
        }
        catch (LintInputException e)
        {
            await stderr.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return UsageError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return UsageError;
        }

        var baseDirectory = Directory.GetCurrentDirectory();
        foreach (var note in report.Notes)
            await stderr.WriteLineAsync("note: " + note).ConfigureAwait(false);
        if (outputFile is null)
        {
            ReportWriters.Write(report, normalizedFormat, stdout, baseDirectory);
        }
        else
        {
            try
            {
                WriteAtomically(outputFile, writer => ReportWriters.Write(report, normalizedFormat, writer, Path.GetDirectoryName(Path.GetFullPath(outputFile))!));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"error: cannot write {outputFile}: {e.Message}").ConfigureAwait(false);
                return UsageError;
            }

            await stderr.WriteLineAsync($"{report.Findings.Count} finding(s) written to {outputFile}").ConfigureAwait(false);
        }

        return report.Findings.Count > 0 ? Findings : Clean;
    }

    private static void WriteAtomically(string outputFile, Action<TextWriter> write)
    {
        var full = Path.GetFullPath(outputFile);
        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
            throw new IOException($"folder {directory} does not exist");
        var temp = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var writer = new StreamWriter(temp, append: false, new System.Text.UTF8Encoding(false)))
                write(writer);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }
}
