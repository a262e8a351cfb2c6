namespace PmCopilot.Lint;

internal static class AssemblyMarker
{
}
