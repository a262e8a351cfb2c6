using System.Text;

namespace PmCopilot.Llama.Tests;

/// <summary>Writes small GGUF files with chosen metadata and no tensors.</summary>
internal static class GgufWriter
{
    public static void WriteMetadataOnly(string path, IReadOnlyDictionary<string, string> strings)
    {
        using var w = new BinaryWriter(File.Create(path), Encoding.UTF8);
        w.Write(Encoding.ASCII.GetBytes("GGUF"));
        w.Write(3);
        w.Write(0L);
        w.Write((long)strings.Count);
        foreach (var (key, value) in strings)
        {
            WriteString(w, key);
            w.Write(8u);
            WriteString(w, value);
        }
    }

    /// <summary>Copy a GGUF, adding one string metadata entry (tensor data re-aligned, offsets unchanged).</summary>
    public static void CopyWithString(string source, string destination, string key, string value)
    {
        var bytes = File.ReadAllBytes(source);
        using var r = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        r.BaseStream.Position = 8;
        var tensorCount = r.ReadInt64();
        var kvCount = r.ReadInt64();
        for (long i = 0; i < kvCount; i++)
        {
            SkipString(r);
            SkipValue(r, r.ReadUInt32());
        }

        var kvEnd = (int)r.BaseStream.Position;
        for (long i = 0; i < tensorCount; i++)
        {
            SkipString(r);
            var dims = r.ReadUInt32();
            r.BaseStream.Position += 8 * dims + 4 + 8;
        }

        var infoEnd = (int)r.BaseStream.Position;
        const int alignment = 32;
        var dataStart = (infoEnd + alignment - 1) / alignment * alignment;

        using var w = new BinaryWriter(File.Create(destination), Encoding.UTF8);
        w.Write(bytes, 0, 16);
        w.Write(kvCount + 1);
        w.Write(bytes, 24, kvEnd - 24);
        WriteString(w, key);
        w.Write(8u);
        WriteString(w, value);
        w.Write(bytes, kvEnd, infoEnd - kvEnd);
        while (w.BaseStream.Position % alignment != 0)
            w.Write((byte)0);
        w.Write(bytes, dataStart, bytes.Length - dataStart);
    }

    private static void SkipString(BinaryReader r)
    {
        var length = r.ReadInt64();
        r.BaseStream.Position += length;
    }

    private static void SkipValue(BinaryReader r, uint type)
    {
        switch (type)
        {
            case 0 or 1 or 7: r.BaseStream.Position += 1; break;
            case 2 or 3: r.BaseStream.Position += 2; break;
            case 4 or 5 or 6: r.BaseStream.Position += 4; break;
            case 10 or 11 or 12: r.BaseStream.Position += 8; break;
            case 8: SkipString(r); break;
            case 9:
                var elementType = r.ReadUInt32();
                var count = r.ReadInt64();
                for (long i = 0; i < count; i++)
                    SkipValue(r, elementType);
                break;
            default: throw new InvalidDataException($"metadata type {type}");
        }
    }

    private static void WriteString(BinaryWriter w, string s)
    {
        var b = Encoding.UTF8.GetBytes(s);
        w.Write((long)b.Length);
        w.Write(b);
    }
}
