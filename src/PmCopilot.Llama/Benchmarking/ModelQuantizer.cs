using LLama;
using PmCopilot.Llama.Gguf;
using PmCopilot.Llama.Natives;

namespace PmCopilot.Llama.Benchmarking;

/// <summary>Quantizes a GGUF with llama.cpp's quantizer (e.g. F16 → Q4_K_M), through the same native libraries the runtime uses.</summary>
public static class ModelQuantizer
{
    public static void Quantize(string input, string output, string type, int threads, string? nativeDir)
    {
        GgufReader.Validate(Path.GetFullPath(input));
        NativeRuntime.Configure(nativeDir);
        var partial = output + ".partial";
        if (!LLamaQuantizer.Quantize(input, partial, type, threads, allowRequantize: true, quantizeOutputTensor: true))
        {
            File.Delete(partial);
            throw new ModelLoadException($"llama.cpp could not quantize {input} to {type}.");
        }

        File.Move(partial, output, overwrite: true);
    }
}
