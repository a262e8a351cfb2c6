using System.Buffers.Binary;
using System.Text;

namespace PmCopilot.Llama.Natives;

/// <summary>
/// Reads the exported dynamic symbols of an x86-64/aarch64 ELF shared library without loading it, so a wrong or
/// damaged native folder is rejected before LLamaSharp's one-shot native loader is committed to it.
/// </summary>
internal static class ElfSymbols
{
    private const int SectionTypeDynSym = 11;
    private const int MaxFileBytes = 1 << 30;

    /// <summary>Defined (exported) dynamic symbol names, or an error saying why the file is not a usable ELF library.</summary>
    public static IReadOnlySet<string> ReadExports(string path)
    {
        // CMake builds name libraries through version links (libllama.so -> libllama.so.0 -> libllama.so.0.0.1): the
        // size is the final file's, not the link's.
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
            info = info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo is { Exists: true } target ? target : throw new InvalidDataException("a link to a missing file");
        if (info.Length < 64)
            throw new InvalidDataException("file is too small to be a shared library");
        if (info.Length > MaxFileBytes)
            throw new InvalidDataException("file is larger than 1 GiB");

        var data = File.ReadAllBytes(path);
        var span = data.AsSpan();
        if (span[0] != 0x7F || span[1] != (byte)'E' || span[2] != (byte)'L' || span[3] != (byte)'F')
            throw new InvalidDataException("not an ELF shared library (bad magic)");
        if (span[4] != 2)
            throw new InvalidDataException("not a 64-bit ELF library");
        if (span[5] != 1)
            throw new InvalidDataException("not a little-endian ELF library");

        var type = BinaryPrimitives.ReadUInt16LittleEndian(span[16..]);
        if (type != 3)
            throw new InvalidDataException("ELF file is not a shared object");
        var machine = BinaryPrimitives.ReadUInt16LittleEndian(span[18..]);
        var expectedMachine = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.X64 => 62,
            System.Runtime.InteropServices.Architecture.Arm64 => 183,
            _ => machine,
        };
        if (machine != expectedMachine)
            throw new InvalidDataException($"ELF library is built for another CPU architecture (e_machine {machine})");

        var sectionOffset = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(span[40..]));
        var sectionEntrySize = BinaryPrimitives.ReadUInt16LittleEndian(span[58..]);
        var sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(span[60..]);
        if (sectionEntrySize < 64 || sectionOffset <= 0 || sectionOffset + (long)sectionEntrySize * sectionCount > data.Length)
            throw new InvalidDataException("ELF section table is missing or truncated");

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < sectionCount; i++)
        {
            var header = span.Slice((int)(sectionOffset + (long)i * sectionEntrySize), 64);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) != SectionTypeDynSym)
                continue;

            var symOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(header[24..]);
            var symSize = (long)BinaryPrimitives.ReadUInt64LittleEndian(header[32..]);
            var link = BinaryPrimitives.ReadUInt32LittleEndian(header[40..]);
            var symEntrySize = (long)BinaryPrimitives.ReadUInt64LittleEndian(header[56..]);
            if (link >= sectionCount || symEntrySize < 24 || symOffset < 0 || symOffset + symSize > data.Length)
                throw new InvalidDataException("ELF dynamic symbol table is truncated");

            var strHeader = span.Slice((int)(sectionOffset + (long)link * sectionEntrySize), 64);
            var strOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(strHeader[24..]);
            var strSize = (long)BinaryPrimitives.ReadUInt64LittleEndian(strHeader[32..]);
            if (strOffset < 0 || strOffset + strSize > data.Length)
                throw new InvalidDataException("ELF string table is truncated");
            var strings = span.Slice((int)strOffset, (int)strSize);

            for (long s = symOffset; s + symEntrySize <= symOffset + symSize; s += symEntrySize)
            {
                var sym = span.Slice((int)s, 24);
                var nameIndex = BinaryPrimitives.ReadUInt32LittleEndian(sym);
                var sectionIndex = BinaryPrimitives.ReadUInt16LittleEndian(sym[6..]);
                if (nameIndex == 0 || sectionIndex == 0 || nameIndex >= strings.Length)
                    continue; // undefined (imported) symbols are not exports

                var rest = strings[(int)nameIndex..];
                var end = rest.IndexOf((byte)0);
                if (end > 0)
                    names.Add(Encoding.ASCII.GetString(rest[..end]));
            }
        }

        if (names.Count == 0)
            throw new InvalidDataException("ELF library exports no symbols");
        return names;
    }
}
