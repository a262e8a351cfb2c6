using System.Globalization;
using System.Text.RegularExpressions;

namespace PmCopilot.Llama.Natives;

/// <summary>
/// Whether a CUDA build can run kernels on a GPU. ggml-cuda registers a device whatever its architecture, and the first
/// kernel without code for it aborts the process ("no kernel image is available"), so this is decided before any
/// layer is offloaded: the build's ARCHS feature (nvcc's __CUDA_ARCH_LIST__, e.g. "860,890,1200,1210") against the
/// device's compute capability that ggml-cuda logs at start ("Device 0: NVIDIA H200, compute capability 9.0").
/// </summary>
public static partial class CudaCompatibility
{
    /// <summary>
    /// Real (SASS) code for compute capability M.m runs on M.n with n ≥ m, never across a major version. A null or
    /// empty list (unknown build) is assumed compatible.
    /// </summary>
    public static bool CanRun(string? archList, int major, int minor)
    {
        var archs = ParseArchs(archList);
        if (archs.Count == 0)
            return true;
        var cc = major * 100 + minor * 10;
        return archs.Any(a => a / 100 == major && a <= cc);
    }

    /// <summary>"860,890" or "86;89" → [860, 890].</summary>
    public static IReadOnlyList<int> ParseArchs(string? archList)
    {
        if (string.IsNullOrWhiteSpace(archList))
            return [];
        var result = new List<int>();
        foreach (var part in archList.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            var digits = new string(part.Where(char.IsDigit).ToArray());
            if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
                result.Add(value < 100 ? value * 10 : value);
        }

        return result;
    }

    /// <summary>"sm_86, sm_89" for messages.</summary>
    public static string Describe(string? archList) =>
        string.Join(", ", ParseArchs(archList).Select(a => $"sm_{a / 10}"));

    /// <summary>Compute capabilities from ggml-cuda's start-up log, by device index.</summary>
    public static IReadOnlyDictionary<int, (int Major, int Minor)> ParseComputeCapabilities(IEnumerable<string> logLines)
    {
        var result = new Dictionary<int, (int, int)>();
        foreach (var line in logLines)
        {
            foreach (Match m in DeviceLine().Matches(line))
            {
                result[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)] =
                    (int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
            }
        }

        return result;
    }

    [GeneratedRegex(@"Device (\d+): [^\n]*?compute capability (\d+)\.(\d+)")]
    private static partial Regex DeviceLine();
}
