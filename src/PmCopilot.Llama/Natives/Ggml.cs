using System.Runtime.InteropServices;

namespace PmCopilot.Llama.Natives;

/// <summary>
/// The few ggml backend-registry functions LLamaSharp does not bind, called through the already-loaded libggml
/// (dlsym on its handle also finds symbols of its dependency libggml-base).
/// </summary>
internal sealed unsafe class Ggml
{
    private readonly delegate* unmanaged[Cdecl]<byte*, void> _loadAllFromPath;
    private readonly delegate* unmanaged[Cdecl]<nuint> _regCount;
    private readonly delegate* unmanaged[Cdecl]<nuint, IntPtr> _regGet;
    private readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr> _regName;
    private readonly delegate* unmanaged[Cdecl]<nuint> _devCount;
    private readonly delegate* unmanaged[Cdecl]<nuint, IntPtr> _devGet;
    private readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr> _devName;
    private readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr> _devDescription;
    private readonly delegate* unmanaged[Cdecl]<IntPtr, int> _devType;
    private readonly delegate* unmanaged[Cdecl]<IntPtr, nuint*, nuint*, void> _devMemory;
    private readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr> _devBackendReg;
    private readonly delegate* unmanaged[Cdecl]<IntPtr, byte*, IntPtr> _regGetProcAddress;

    private Ggml(IntPtr handle)
    {
        _loadAllFromPath = (delegate* unmanaged[Cdecl]<byte*, void>)NativeLibrary.GetExport(handle, "ggml_backend_load_all_from_path");
        _regCount = (delegate* unmanaged[Cdecl]<nuint>)NativeLibrary.GetExport(handle, "ggml_backend_reg_count");
        _regGet = (delegate* unmanaged[Cdecl]<nuint, IntPtr>)NativeLibrary.GetExport(handle, "ggml_backend_reg_get");
        _regName = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)NativeLibrary.GetExport(handle, "ggml_backend_reg_name");
        _devCount = (delegate* unmanaged[Cdecl]<nuint>)NativeLibrary.GetExport(handle, "ggml_backend_dev_count");
        _devGet = (delegate* unmanaged[Cdecl]<nuint, IntPtr>)NativeLibrary.GetExport(handle, "ggml_backend_dev_get");
        _devName = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)NativeLibrary.GetExport(handle, "ggml_backend_dev_name");
        _devDescription = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)NativeLibrary.GetExport(handle, "ggml_backend_dev_description");
        _devType = (delegate* unmanaged[Cdecl]<IntPtr, int>)NativeLibrary.GetExport(handle, "ggml_backend_dev_type");
        _devMemory = (delegate* unmanaged[Cdecl]<IntPtr, nuint*, nuint*, void>)NativeLibrary.GetExport(handle, "ggml_backend_dev_memory");
        _devBackendReg = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)NativeLibrary.GetExport(handle, "ggml_backend_dev_backend_reg");
        _regGetProcAddress = (delegate* unmanaged[Cdecl]<IntPtr, byte*, IntPtr>)NativeLibrary.GetExport(handle, "ggml_backend_reg_get_proc_address");
    }

    /// <summary>Bind to the libggml at <paramref name="path"/> (already loaded by LLamaSharp, so this only takes a reference).</summary>
    public static Ggml Open(string path)
    {
        try
        {
            return new Ggml(NativeLibrary.Load(path));
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            throw new NativeLibraryException($"{path} does not provide the ggml backend registry ({e.Message}).", e);
        }
    }

    public void LoadAllFromPath(string directory)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(directory + "\0");
        fixed (byte* p = bytes)
            _loadAllFromPath(p);
    }

    public IReadOnlyList<string> RegistryNames()
    {
        var names = new List<string>();
        var count = _regCount();
        for (nuint i = 0; i < count; i++)
            names.Add(Marshal.PtrToStringUTF8(_regName(_regGet(i))) ?? "?");
        return names;
    }

    /// <summary>
    /// Build features each backend reports through its optional "ggml_backend_get_features" entry (e.g. CPU "AVX2",
    /// CUDA "ARCHS" = the compiled compute capabilities), as "BACKEND: NAME=VALUE".
    /// </summary>
    public IReadOnlyList<(string Backend, string Name, string Value)> Features()
    {
        var result = new List<(string, string, string)>();
        var entry = "ggml_backend_get_features\0"u8;
        var count = _regCount();
        for (nuint i = 0; i < count; i++)
        {
            var reg = _regGet(i);
            var backend = Marshal.PtrToStringUTF8(_regName(reg)) ?? "?";
            IntPtr fn;
            fixed (byte* name = entry)
                fn = _regGetProcAddress(reg, name);
            if (fn == IntPtr.Zero)
                continue;

            // struct ggml_backend_feature { const char * name; const char * value; }, terminated by a null name.
            var features = ((delegate* unmanaged[Cdecl]<IntPtr, IntPtr*>)fn)(reg);
            for (var f = features; f != null && f[0] != IntPtr.Zero && result.Count < 256; f += 2)
                result.Add((backend, Marshal.PtrToStringUTF8(f[0]) ?? "?", Marshal.PtrToStringUTF8(f[1]) ?? ""));
        }

        return result;
    }

    public IReadOnlyList<NativeDevice> Devices()
    {
        var devices = new List<NativeDevice>();
        var count = _devCount();
        for (nuint i = 0; i < count; i++)
        {
            var dev = _devGet(i);
            nuint free = 0, total = 0;
            _devMemory(dev, &free, &total);
            // ggml_backend_dev_type: CPU, GPU, IGPU, ACCEL (in this order since the IGPU type was added).
            var type = _devType(dev) switch
            {
                0 => "CPU",
                1 => "GPU",
                2 => "IGPU",
                3 => "ACCEL",
                var t => t.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            devices.Add(new NativeDevice(
                Marshal.PtrToStringUTF8(_regName(_devBackendReg(dev))) ?? "?",
                Marshal.PtrToStringUTF8(_devName(dev)) ?? "?",
                Marshal.PtrToStringUTF8(_devDescription(dev)) ?? "?",
                type,
                free,
                total));
        }

        return devices;
    }
}
