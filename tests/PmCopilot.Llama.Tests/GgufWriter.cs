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

    private static void WriteString(BinaryWriter w, string s)
    {
        var b = Encoding.UTF8.GetBytes(s);
        w.Write((long)b.Length);
        w.Write(b);
    }
}
