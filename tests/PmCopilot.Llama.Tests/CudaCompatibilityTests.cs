using PmCopilot.Llama.Natives;

namespace PmCopilot.Llama.Tests;

public sealed class CudaCompatibilityTests
{
    [Theory]
    [InlineData("860,890,1200,1210", 9, 0, false)] // npm prebuilt on an H100/H200
    [InlineData("860,890,1200,1210", 8, 6, true)]
    [InlineData("860,890,1200,1210", 8, 9, true)]
    [InlineData("860,890,1200,1210", 8, 7, true)] // sm_86 code runs on 8.7
    [InlineData("860,890,1200,1210", 7, 5, false)]
    [InlineData("900", 9, 0, true)] // our own build for the H200
    [InlineData("90", 9, 0, true)]
    [InlineData("86;89", 9, 0, false)]
    [InlineData("", 9, 0, true)] // unknown build: assume it can
    [InlineData(null, 8, 0, true)]
    public void Code_for_an_architecture_runs_only_on_the_same_major_version_at_or_above_it(string? archs, int major, int minor, bool expected) =>
        Assert.Equal(expected, CudaCompatibility.CanRun(archs, major, minor));

    [Fact]
    public void Compute_capabilities_are_read_from_the_cuda_start_up_log()
    {
        string[] log =
        [
            "ggml_cuda_init: found 2 CUDA devices:",
            "  Device 0: NVIDIA H200, compute capability 9.0, VMM: yes",
            "  Device 1: NVIDIA GeForce RTX 4090, compute capability 8.9, VMM: yes",
            "load_backend: loaded CUDA backend from /x/libggml-cuda.so",
        ];
        var cc = CudaCompatibility.ParseComputeCapabilities(log);
        Assert.Equal((9, 0), cc[0]);
        Assert.Equal((8, 9), cc[1]);
        Assert.Equal("sm_86, sm_89, sm_120", CudaCompatibility.Describe("860,890,1200"));
    }
}
