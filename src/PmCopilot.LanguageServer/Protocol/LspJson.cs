using System.Text.Json;
using System.Text.Json.Serialization;

namespace PmCopilot.LanguageServer.Protocol;

public static class LspJson
{
    /// <summary>camelCase names as in the specification; nulls omitted because several clients treat an explicit null as a value.</summary>
    public static JsonSerializerOptions CreateOptions() => new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.Strict,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static readonly JsonSerializerOptions Options = CreateOptions();
}

/// <summary>JSON-RPC and LSP error codes the server answers with.</summary>
public static class LspErrorCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;
    public const int ServerNotInitialized = -32002;
    public const int RequestFailed = -32803;
    public const int ServerCancelled = -32802;
    public const int ContentModified = -32801;
    public const int RequestCancelled = -32800;

    /// <summary>PmCopilot: the configured model could not be loaded (missing file, not a GGUF, endpoint unreachable…).</summary>
    public const int ModelUnavailable = -32001;
}
