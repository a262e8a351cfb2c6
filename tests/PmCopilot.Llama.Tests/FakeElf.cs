using System.Buffers.Binary;
using System.Text;

namespace PmCopilot.Llama.Tests;

/// <summary>Writes a minimal x86-64 ELF shared object whose dynamic symbol table exports the given names (never loaded, only inspected).</summary>
internal static class FakeElf
{
    public static void Write(string path, IEnumerable<string> exports)
    {
        var names = exports.ToList();
        var strtab = new MemoryStream();
        strtab.WriteByte(0);
        var offsets = new List<int>();
        foreach (var n in names)
        {
            offsets.Add((int)strtab.Length);
            var b = Encoding.ASCII.GetBytes(n);
            strtab.Write(b);
            strtab.WriteByte(0);
        }

        var symCount = names.Count + 1;
        const int header = 64;
        var symOffset = header;
        var symSize = symCount * 24;
        var strOffset = symOffset + symSize;
        var strSize = (int)strtab.Length;
        var shOffset = (strOffset + strSize + 7) / 8 * 8;
        var total = shOffset + 3 * 64;
        var data = new byte[total];
        var s = data.AsSpan();
        s[0] = 0x7F; s[1] = (byte)'E'; s[2] = (byte)'L'; s[3] = (byte)'F';
        s[4] = 2; s[5] = 1; s[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(s[16..], 3);
        BinaryPrimitives.WriteUInt16LittleEndian(s[18..], 62);
        BinaryPrimitives.WriteUInt32LittleEndian(s[20..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(s[40..], (ulong)shOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(s[52..], 64);
        BinaryPrimitives.WriteUInt16LittleEndian(s[58..], 64);
        BinaryPrimitives.WriteUInt16LittleEndian(s[60..], 3);

        for (var i = 0; i < names.Count; i++)
        {
            var sym = s.Slice(symOffset + (i + 1) * 24, 24);
            BinaryPrimitives.WriteUInt32LittleEndian(sym, (uint)offsets[i]);
            sym[4] = 0x12; // global function
            BinaryPrimitives.WriteUInt16LittleEndian(sym[6..], 1);
        }

        strtab.ToArray().CopyTo(s[strOffset..]);

        var dynsym = s.Slice(shOffset + 64, 64);
        BinaryPrimitives.WriteUInt32LittleEndian(dynsym[4..], 11);
        BinaryPrimitives.WriteUInt64LittleEndian(dynsym[24..], (ulong)symOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(dynsym[32..], (ulong)symSize);
        BinaryPrimitives.WriteUInt32LittleEndian(dynsym[40..], 2);
        BinaryPrimitives.WriteUInt64LittleEndian(dynsym[56..], 24);

        var dynstr = s.Slice(shOffset + 128, 64);
        BinaryPrimitives.WriteUInt32LittleEndian(dynstr[4..], 3);
        BinaryPrimitives.WriteUInt64LittleEndian(dynstr[24..], (ulong)strOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(dynstr[32..], (ulong)strSize);

        File.WriteAllBytes(path, data);
    }
}

/// <summary>A temporary folder removed at dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pmcopilot-llama-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
