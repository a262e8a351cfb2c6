namespace PmCopilot.Cli.Output;

internal enum OutputFormat
{
    Text,
    Markdown,
    Json,
}
