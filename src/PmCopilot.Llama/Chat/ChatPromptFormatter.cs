using System.Runtime.InteropServices;
using System.Text;
using LLama;
using LLama.Native;
using LLama.Exceptions;
using Microsoft.Extensions.AI;

namespace PmCopilot.Llama.Chat;

/// <summary>
/// Turns chat messages into the model's prompt text with llama.cpp's chat templates: the GGUF's own template when it
/// has one llama.cpp recognises, otherwise a named built-in (e.g. "chatml").
/// </summary>
public sealed class ChatPromptFormatter
{
    private readonly string? _ggufTemplate;
    private readonly string _fallbackName;

    public ChatPromptFormatter(LLamaWeights weights, string fallbackTemplateName)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentException.ThrowIfNullOrWhiteSpace(fallbackTemplateName);
        _fallbackName = fallbackTemplateName;
        if (!Works(fallbackTemplateName))
            throw new ModelLoadException($"Chat template \"{fallbackTemplateName}\" is not one of llama.cpp's built-in templates: {string.Join(", ", BuiltInTemplates())}.");

        var own = weights.NativeHandle.GetTemplate(null, strict: false);
        if (own is not null && Works(own))
        {
            _ggufTemplate = own;
            Template = "gguf";
        }
        else
        {
            Template = $"builtin:{fallbackTemplateName}";
        }
    }

    /// <summary>Names of llama.cpp's built-in chat templates (valid values of <see cref="LlamaSettings.TemplateName"/>).</summary>
    public static IReadOnlyList<string> BuiltInTemplates()
    {
        unsafe
        {
            var count = NativeApi.llama_chat_builtin_templates(null, 0);
            if (count <= 0)
                return [];
            var names = new char*[count];
            fixed (char** p = names)
                count = Math.Min(count, NativeApi.llama_chat_builtin_templates(p, (nuint)names.Length));
            var result = new List<string>(count);
            for (var i = 0; i < count; i++)
                result.Add(Marshal.PtrToStringUTF8((IntPtr)names[i]) ?? "");
            return result;
        }
    }

    /// <summary>"gguf" or "builtin:&lt;name&gt;".</summary>
    public string Template { get; }

    /// <summary>The prompt for <paramref name="messages"/>, ending with the assistant's turn opened.</summary>
    public string Format(IEnumerable<ChatMessage> messages)
    {
        var template = new LLamaTemplate(_ggufTemplate ?? _fallbackName) { AddAssistant = true };
        foreach (var message in messages)
            template.Add(RoleName(message.Role), message.Text);
        return Encoding.UTF8.GetString(template.Apply());
    }

    private static string RoleName(ChatRole role) =>
        role == ChatRole.System ? "system"
        : role == ChatRole.Assistant ? "assistant"
        : role == ChatRole.Tool ? "tool"
        : role == ChatRole.User ? "user"
        : role.Value;

    private static bool Works(string template)
    {
        try
        {
            var probe = new LLamaTemplate(template) { AddAssistant = true };
            probe.Add("user", "hi");
            return probe.Apply().Length > 0;
        }
        catch (RuntimeError)
        {
            return false;
        }
    }
}
