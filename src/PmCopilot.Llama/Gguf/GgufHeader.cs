using System.Text;

namespace PmCopilot.Llama.Gguf;

/// <summary>What the header of a GGUF file says, read without native code.</summary>
public sealed record GgufHeader(
    int Version,
    long TensorCount,
    string? Architecture,
    string? Name,
    bool HasChatTemplate,
    long RequiredBytes,
    long FileBytes);

/// <summary>
/// Reads and checks a GGUF header (magic, version, metadata, tensor table) and that the file is long enough for the
/// tensor data it declares, so a missing, foreign or truncated file is rejected before llama.cpp sees it.
/// </summary>
public static class GgufReader
{
    private const uint Magic = 0x46554747; // "GGUF" little-endian
    private const long MaxCount = 1 << 24;
    private const int DefaultAlignment = 32;

    /// <summary>Read and validate; throws <see cref="ModelLoadException"/> with a user-facing reason.</summary>
    public static GgufHeader Validate(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Directory.Exists(path))
            throw new ModelLoadException($"Model path {path} is a folder; give the path of a .gguf file.");
        if (!File.Exists(path))
            throw new ModelLoadException($"Model file {path} does not exist.");

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return Read(stream, path);
        }
        catch (EndOfStreamException e)
        {
            throw new ModelLoadException($"Model file {path} is truncated: it ends inside the GGUF header.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException($"Model file {path} cannot be read: {e.Message}", e);
        }
    }

    private static GgufHeader Read(Stream stream, string path)
    {
        var fileBytes = stream.Length;
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        if (fileBytes < 24 || r.ReadUInt32() != Magic)
            throw new ModelLoadException($"Model file {path} is not a GGUF file (the first bytes are not \"GGUF\"). PmCopilot runs llama.cpp GGUF models; convert other formats with llama.cpp's convert_hf_to_gguf.py.");

        var version = r.ReadInt32();
        if (version is < 2 or > 3)
            throw new ModelLoadException($"Model file {path} is GGUF version {version}; this llama.cpp reads versions 2 and 3.");

        var tensorCount = r.ReadInt64();
        var kvCount = r.ReadInt64();
        if (tensorCount is < 0 or > MaxCount || kvCount is < 0 or > MaxCount)
            throw new ModelLoadException($"Model file {path} has a damaged GGUF header (tensor count {tensorCount}, metadata count {kvCount}).");

        string? arch = null, name = null;
        var hasTemplate = false;
        long alignment = DefaultAlignment;
        for (long i = 0; i < kvCount; i++)
        {
            var key = ReadString(r, fileBytes, path);
            var type = r.ReadUInt32();
            if (type == 8 && key is "general.architecture" or "general.name" or "tokenizer.chat_template")
            {
                var value = ReadString(r, fileBytes, path);
                switch (key)
                {
                    case "general.architecture": arch = value; break;
                    case "general.name": name = value; break;
                    default: hasTemplate = true; break;
                }
            }
            else if (key == "general.alignment" && type is 4 or 5)
            {
                alignment = r.ReadUInt32();
                if (alignment == 0 || (alignment & (alignment - 1)) != 0)
                    throw new ModelLoadException($"Model file {path} declares an invalid tensor alignment {alignment}.");
            }
            else
            {
                SkipValue(r, type, fileBytes, path, depth: 0);
            }
        }

        long dataEnd = 0;
        for (long i = 0; i < tensorCount; i++)
        {
            _ = ReadString(r, fileBytes, path);
            var dims = r.ReadUInt32();
            if (dims > 8)
                throw new ModelLoadException($"Model file {path} has a damaged tensor table ({dims} dimensions).");
            long elements = 1;
            for (var d = 0; d < dims; d++)
            {
                var n = r.ReadInt64();
                if (n < 0)
                    throw new ModelLoadException($"Model file {path} has a damaged tensor table (negative dimension).");
                elements = checked(elements * Math.Max(n, 1));
            }

            var ggmlType = r.ReadUInt32();
            var offset = r.ReadInt64();
            if (offset < 0)
                throw new ModelLoadException($"Model file {path} has a damaged tensor table (negative offset).");
            var size = TensorBytes(ggmlType, elements);
            dataEnd = Math.Max(dataEnd, checked(offset + size));
        }

        var dataStart = (stream.Position + alignment - 1) / alignment * alignment;
        var required = tensorCount == 0 ? stream.Position : checked(dataStart + dataEnd);
        if (required > fileBytes)
            throw new ModelLoadException($"Model file {path} is truncated: its tensors need {required:N0} bytes but the file has {fileBytes:N0}. Download it again.");

        return new GgufHeader(version, tensorCount, arch, name, hasTemplate, required, fileBytes);
    }

    private static string ReadString(BinaryReader r, long fileBytes, string path)
    {
        var length = r.ReadInt64();
        if (length < 0 || length > fileBytes - r.BaseStream.Position)
            throw new ModelLoadException($"Model file {path} is truncated or damaged (a metadata string runs past the end of the file).");
        return Encoding.UTF8.GetString(r.ReadBytes((int)length));
    }

    private static void SkipValue(BinaryReader r, uint type, long fileBytes, string path, int depth)
    {
        var size = ScalarSize(type);
        if (size > 0)
        {
            Skip(r, size, fileBytes, path);
            return;
        }

        switch (type)
        {
            case 8:
                _ = SkipString(r, fileBytes, path);
                return;
            case 9 when depth == 0:
                var elementType = r.ReadUInt32();
                var count = r.ReadInt64();
                // Every element takes at least one byte (strings at least eight), so a count the rest of the file cannot hold means it was cut short.
                if (count < 0 || count > (fileBytes - r.BaseStream.Position) / Math.Max(1, elementType == 8 ? 8 : ScalarSize(elementType)))
                    throw new ModelLoadException($"Model file {path} is truncated or damaged: a metadata array runs past the end of the file.");
                var elementSize = ScalarSize(elementType);
                if (elementSize > 0)
                    Skip(r, checked(count * elementSize), fileBytes, path);
                else
                    for (long i = 0; i < count; i++)
                        SkipValue(r, elementType, fileBytes, path, depth + 1);
                return;
            default:
                throw new ModelLoadException($"Model file {path} has a damaged GGUF header (unknown metadata type {type}).");
        }
    }

    private static long SkipString(BinaryReader r, long fileBytes, string path)
    {
        var length = r.ReadInt64();
        if (length < 0)
            throw new ModelLoadException($"Model file {path} has a damaged metadata string.");
        Skip(r, length, fileBytes, path);
        return length;
    }

    private static void Skip(BinaryReader r, long bytes, long fileBytes, string path)
    {
        if (bytes > fileBytes - r.BaseStream.Position)
            throw new ModelLoadException($"Model file {path} is truncated: it ends inside the GGUF header.");
        r.BaseStream.Seek(bytes, SeekOrigin.Current);
    }

    /// <summary>GGUF metadata scalar sizes: u8,i8,u16,i16,u32,i32,f32,bool,(string),(array),u64,i64,f64.</summary>
    private static int ScalarSize(uint type) => type switch
    {
        0 or 1 or 7 => 1,
        2 or 3 => 2,
        4 or 5 or 6 => 4,
        10 or 11 or 12 => 8,
        _ => 0,
    };

    /// <summary>Bytes of a tensor by ggml type (block size, bytes per block); unknown types count 0 so only known sizes are checked.</summary>
    private static long TensorBytes(uint ggmlType, long elements)
    {
        var (block, bytes) = ggmlType switch
        {
            0 => (1, 4), // F32
            1 => (1, 2), // F16
            2 => (32, 18), // Q4_0
            3 => (32, 20), // Q4_1
            6 => (32, 22), // Q5_0
            7 => (32, 24), // Q5_1
            8 => (32, 34), // Q8_0
            9 => (32, 36), // Q8_1
            10 => (256, 84), // Q2_K
            11 => (256, 110), // Q3_K
            12 => (256, 144), // Q4_K
            13 => (256, 176), // Q5_K
            14 => (256, 210), // Q6_K
            15 => (256, 292), // Q8_K
            24 => (1, 1), // I8
            25 => (1, 2), // I16
            26 => (1, 4), // I32
            27 => (1, 8), // I64
            28 => (1, 8), // F64
            30 => (1, 2), // BF16
            _ => (0, 0),
        };
        return block == 0 ? 0 : checked(elements / block * bytes);
    }
}
