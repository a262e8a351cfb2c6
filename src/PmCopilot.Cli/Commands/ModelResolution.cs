using PmCopilot.Cli.Configuration;
using PmCopilot.Cli.Output;

namespace PmCopilot.Cli.Commands;

/// <summary>Turns the <c>model</c> setting (catalog name, file name in the models folder, or path) into a file.</summary>
internal static class ModelResolution
{
    public const string NoModelNote =
        "note: no model configured; ran in deterministic mode. For model-written results: pmcopilot models pull qwen2.5-1.5b-instruct, then --model qwen2.5-1.5b-instruct (or PMCOPILOT_MODEL).";

    /// <summary>The model file to load, or null when none is configured. A configured model that is missing is an error.</summary>
    public static string? ResolvePath(CliSettings settings)
    {
        if (settings.Model.Value is not { } model)
        {
            return null;
        }

        var store = ModelsCommand.OpenStore(settings);
        if (Directory.Exists(model))
        {
            throw new ModelUnavailableException($"model '{model}' (from {settings.Model.Source}) is a folder; give a .gguf file or a catalog name.");
        }

        return store.Resolve(model, out var entry) ?? throw new ModelUnavailableException(entry is not null
            ? $"model '{model}' (from {settings.Model.Source}) is in the catalog but not downloaded. Run: pmcopilot models pull {entry.Name}"
            : $"model '{model}' (from {settings.Model.Source}) was not found: not a catalog name, not in {store.Directory}, not an existing file. See: pmcopilot models list");
    }

    public static void SayNoModelOnce(CliConsole console) => console.NoteOnce("no-model", NoModelNote);
}
