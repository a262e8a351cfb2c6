namespace PmCopilot.Analyzers
{
    internal static class AssemblyMarker
    {
    }
}
