using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LLama;
using LLama.Common;
using LLama.Exceptions;
using LLama.Native;

namespace PmCopilot.Llama.Natives;

/// <summary>Which <c>llama_model_params</c> layout a libllama was built with, told apart by its defaults.</summary>
internal enum ModelParamsLayout
{
    /// <summary>Neither known layout: load through LLamaSharp unchanged.</summary>
    Unknown,

    /// <summary>The layout LLamaSharp 0.30.0 marshals (its bundled libraries): an enum <c>load_mode</c> after split_mode, <c>load_mtp</c> last.</summary>
    LoadMode,

    /// <summary>llama.cpp b9842 (node-llama-cpp's prebuilt folder, our CUDA builds): <c>main_gpu</c> after split_mode, use_mmap/use_direct_io/use_mlock booleans.</summary>
    Booleans,
}

/// <summary>
/// Loads weights with the <c>llama_model_params</c> layout of the libllama actually loaded. LLamaSharp 0.30.0 marshals
/// the newer layout; through it, a b9842 library reads <c>use_mmap</c> from LLamaSharp's check_tensors (false) and
/// <c>use_extra_bufts</c> from load_mtp (false), so the model was copied into memory instead of mapped and, worse, its
/// weights were never repacked for the CPU's matrix kernels (no CPU_REPACK buffer): ~25% of prompt throughput on Q4_K
/// against node-llama-cpp on the same libraries (docs/benchmarks.md). For that layout this loader fills the b9842 struct
/// itself (from the library's own defaults) and calls <c>llama_model_load_from_file</c> directly.
/// </summary>
internal static class ModelLoader
{
    private const int ParamsSize = 72;

    /// <summary>The layout of <paramref name="defaults"/>, the bytes <c>llama_model_default_params()</c> returned.</summary>
    internal static ModelParamsLayout Classify(ReadOnlySpan<byte> defaults)
    {
        if (defaults.Length != ParamsSize)
            return ModelParamsLayout.Unknown;
        var flags = defaults[64..72];
        // b9842 defaults: use_mmap (65) and use_extra_bufts (69) on, everything else off.
        if (flags.SequenceEqual((ReadOnlySpan<byte>)[0, 1, 0, 0, 0, 1, 0, 0]))
            return ModelParamsLayout.Booleans;
        // LLamaSharp's layout: only use_extra_bufts (66) on; 70-71 are padding.
        if (flags[..6].SequenceEqual((ReadOnlySpan<byte>)[0, 0, 1, 0, 0, 0]))
            return ModelParamsLayout.LoadMode;
        return ModelParamsLayout.Unknown;
    }

    /// <summary>The layout of the libllama at <paramref name="libraryPath"/> (already loaded by LLamaSharp).</summary>
    internal static unsafe ModelParamsLayout Detect(string libraryPath)
    {
        var library = NativeLibrary.Load(libraryPath);
        if (!NativeLibrary.TryGetExport(library, "llama_model_default_params", out var export))
            return ModelParamsLayout.Unknown;
        var defaults = ((delegate* unmanaged<Raw>)export)();
        return Classify(new ReadOnlySpan<byte>(&defaults, ParamsSize));
    }

    /// <summary>Load <paramref name="path"/> with <paramref name="gpuLayers"/> layers offloaded, mmap and weight repacking as llama.cpp defaults them.</summary>
    public static async Task<LLamaWeights> LoadAsync(string path, int gpuLayers, string? libraryPath, IProgress<float>? progress, CancellationToken cancellationToken)
    {
        if (libraryPath is null || Detect(libraryPath) != ModelParamsLayout.Booleans)
            return await LLamaWeights.LoadFromFileAsync(new ModelParams(path) { GpuLayerCount = gpuLayers }, cancellationToken, progress).ConfigureAwait(false);

        var handle = await Task.Run(() => LoadBooleans(path, gpuLayers, libraryPath, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
        return CreateWeights(handle);
    }

    private static unsafe SafeLlamaModelHandle LoadBooleans(string path, int gpuLayers, string libraryPath, IProgress<float>? progress, CancellationToken cancellationToken)
    {
        var library = NativeLibrary.Load(libraryPath);
        var defaults = (delegate* unmanaged<ParamsB9842>)NativeLibrary.GetExport(library, "llama_model_default_params");
        var load = (delegate* unmanaged<byte*, ParamsB9842, IntPtr>)NativeLibrary.GetExport(library, "llama_model_load_from_file");

        var parameters = defaults();
        parameters.n_gpu_layers = gpuLayers;
        var state = GCHandle.Alloc(new ProgressState(progress, cancellationToken));
        try
        {
            parameters.progress_callback = (IntPtr)(delegate* unmanaged<float, IntPtr, byte>)&OnProgress;
            parameters.progress_callback_user_data = GCHandle.ToIntPtr(state);
            var utf8 = System.Text.Encoding.UTF8.GetBytes(path + "\0");
            IntPtr model;
            fixed (byte* p = utf8)
                model = load(p, parameters);
            cancellationToken.ThrowIfCancellationRequested();
            if (model == IntPtr.Zero)
                throw new LoadWeightsFailedException(path);
            var handle = new SafeLlamaModelHandle();
            SetHandle(handle, model);
            return handle;
        }
        finally
        {
            state.Free();
        }
    }

    [UnmanagedCallersOnly]
    private static byte OnProgress(float value, IntPtr user)
    {
        var state = (ProgressState)GCHandle.FromIntPtr(user).Target!;
        state.Progress?.Report(value);
        // Returning false makes llama.cpp abandon the load.
        return state.Cancellation.IsCancellationRequested ? (byte)0 : (byte)1;
    }

    private sealed record ProgressState(IProgress<float>? Progress, CancellationToken Cancellation);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "SetHandle")]
    private static extern void SetHandle(SafeHandle handle, IntPtr value);

    // LLamaWeights' only constructor is internal; it reads the metadata from the handle.
    [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
    private static extern LLamaWeights CreateWeights(SafeLlamaModelHandle handle);

    [StructLayout(LayoutKind.Sequential, Size = ParamsSize)]
    private struct Raw
    {
#pragma warning disable CS0169 // only ever read as bytes
        private long _a, _b, _c, _d, _e, _f, _g, _h, _i;
#pragma warning restore CS0169
    }

    /// <summary><c>struct llama_model_params</c> of llama.cpp b9842 (include/llama.h).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct ParamsB9842
    {
        public IntPtr devices;
        public IntPtr tensor_buft_overrides;
        public int n_gpu_layers;
        public int split_mode;
        public int main_gpu;
        public IntPtr tensor_split;
        public IntPtr progress_callback;
        public IntPtr progress_callback_user_data;
        public IntPtr kv_overrides;
        public byte vocab_only;
        public byte use_mmap;
        public byte use_direct_io;
        public byte use_mlock;
        public byte check_tensors;
        public byte use_extra_bufts;
        public byte no_host;
        public byte no_alloc;
    }
}
