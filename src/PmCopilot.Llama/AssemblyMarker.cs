namespace PmCopilot.Llama;

internal static class AssemblyMarker
{
}
