namespace PmCopilot.Cli;

/// <summary>The process exit codes every command uses (documented in docs/cli.md).</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran and found problems (lint findings, a failed verification).</summary>
    public const int Findings = 1;

    /// <summary>Bad usage or unusable input: unknown option, missing file, binary file…</summary>
    public const int BadInput = 2;

    /// <summary>The model or the runtime failed: model missing or not loadable, native library, download.</summary>
    public const int RuntimeFailure = 3;

    /// <summary>Stopped by Ctrl-C / SIGINT / SIGTERM (128 + SIGINT, the shell convention).</summary>
    public const int Cancelled = 130;
}
