namespace PmCopilot.LanguageServer;

internal static class AssemblyMarker
{
}
