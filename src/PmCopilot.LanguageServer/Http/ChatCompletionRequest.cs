using System.Text.Json;
using Microsoft.Extensions.AI;

namespace PmCopilot.LanguageServer.Http;

/// <summary>A request body that cannot be served; <see cref="Param"/> names the offending field as OpenAI does.</summary>
public sealed class ChatRequestException(string message, string? param = null) : Exception(message)
{
    public string? Param { get; } = param;
}

/// <summary>The parts of an OpenAI <c>/v1/chat/completions</c> body we honour, as Microsoft.Extensions.AI types.</summary>
public sealed record ChatCompletionRequest
{
    public required IReadOnlyList<ChatMessage> Messages { get; init; }

    public required ChatOptions Options { get; init; }

    public string? Model { get; init; }

    public bool Stream { get; init; }

    public bool IncludeUsage { get; init; }

    public static ChatCompletionRequest Parse(ReadOnlySpan<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            throw new ChatRequestException($"The request body is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new ChatRequestException("The request body must be a JSON object.");

            var options = new ChatOptions();
            string? model = null;
            if (root.TryGetProperty("model", out var m))
            {
                model = m.ValueKind == JsonValueKind.String ? m.GetString() : throw new ChatRequestException("'model' must be a string.", "model");
                options.ModelId = model;
            }

            var messages = ParseMessages(root);
            options.MaxOutputTokens = OptionalInt(root, "max_completion_tokens", 1, int.MaxValue) ?? OptionalInt(root, "max_tokens", 1, int.MaxValue);
            options.Temperature = OptionalFloat(root, "temperature", 0, 2);
            options.TopP = OptionalFloat(root, "top_p", 0, 1);
            options.TopK = OptionalInt(root, "top_k", 0, int.MaxValue);
            options.FrequencyPenalty = OptionalFloat(root, "frequency_penalty", -2, 2);
            options.PresencePenalty = OptionalFloat(root, "presence_penalty", -2, 2);
            if (OptionalLong(root, "seed") is { } seed)
                options.Seed = seed;
            options.StopSequences = ParseStop(root);
            _ = OptionalInt(root, "n", 1, 1); // one choice per request: n > 1 is refused, not silently ignored

            var stream = false;
            if (root.TryGetProperty("stream", out var s))
            {
                stream = s.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False or JsonValueKind.Null => false,
                    _ => throw new ChatRequestException("'stream' must be a boolean.", "stream"),
                };
            }

            var includeUsage = root.TryGetProperty("stream_options", out var so) && so.ValueKind == JsonValueKind.Object
                && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;

            return new ChatCompletionRequest { Messages = messages, Options = options, Model = model, Stream = stream, IncludeUsage = includeUsage };
        }
    }

    private static List<ChatMessage> ParseMessages(JsonElement root)
    {
        if (!root.TryGetProperty("messages", out var array) || array.ValueKind != JsonValueKind.Array)
            throw new ChatRequestException("'messages' is required and must be an array.", "messages");
        var messages = new List<ChatMessage>();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
                throw new ChatRequestException("Each message must be an object with 'role' and 'content'.", "messages");
            var role = item.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            var chatRole = role switch
            {
                "system" or "developer" => ChatRole.System,
                "user" => ChatRole.User,
                "assistant" => ChatRole.Assistant,
                "tool" => ChatRole.Tool,
                _ => throw new ChatRequestException($"Unknown message role '{role}': use system, user or assistant.", "messages"),
            };
            messages.Add(new ChatMessage(chatRole, ContentText(item)));
        }

        if (messages.Count == 0)
            throw new ChatRequestException("'messages' must hold at least one message.", "messages");
        return messages;
    }

    private static string ContentText(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
            return string.Empty;
        if (content.ValueKind == JsonValueKind.String)
            return content.GetString() ?? string.Empty;
        if (content.ValueKind != JsonValueKind.Array)
            throw new ChatRequestException("A message's 'content' must be a string or an array of parts.", "messages");

        // Content parts: only text is meaningful to a text model; other part types are refused rather than dropped.
        var text = new System.Text.StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            var type = part.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type != "text" || !part.TryGetProperty("text", out var value) || value.ValueKind != JsonValueKind.String)
                throw new ChatRequestException($"Content part type '{type}' is not supported; this model reads text parts only.", "messages");
            text.Append(value.GetString());
        }

        return text.ToString();
    }

    private static List<string>? ParseStop(JsonElement root)
    {
        if (!root.TryGetProperty("stop", out var stop) || stop.ValueKind == JsonValueKind.Null)
            return null;
        if (stop.ValueKind == JsonValueKind.String)
            return [stop.GetString()!];
        if (stop.ValueKind != JsonValueKind.Array)
            throw new ChatRequestException("'stop' must be a string or an array of strings.", "stop");
        var list = new List<string>();
        foreach (var s in stop.EnumerateArray())
        {
            if (s.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(s.GetString()))
                throw new ChatRequestException("'stop' must hold non-empty strings.", "stop");
            list.Add(s.GetString()!);
        }

        return list.Count == 0 ? null : list;
    }

    private static int? OptionalInt(JsonElement root, string name, int min, int max)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < min || number > max)
            throw new ChatRequestException($"'{name}' must be an integer from {min} to {max}.", name);
        return number;
    }

    private static long? OptionalLong(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
            throw new ChatRequestException($"'{name}' must be an integer.", name);
        return number;
    }

    private static float? OptionalFloat(JsonElement root, string name, float min, float max)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || number < min || number > max)
            throw new ChatRequestException($"'{name}' must be a number from {min} to {max}.", name);
        return (float)number;
    }
}
