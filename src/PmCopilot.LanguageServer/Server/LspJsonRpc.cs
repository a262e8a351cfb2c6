using PmCopilot.Core.Jobs;
using PmCopilot.LanguageServer.Protocol;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace PmCopilot.LanguageServer.Server;

/// <summary>
/// StreamJsonRpc with LSP error responses: codes from the specification and a message for the user, never the
/// exception's type or stack trace (StreamJsonRpc's default puts both in <c>error.data</c>).
/// </summary>
internal sealed class LspJsonRpc : JsonRpc
{
    private readonly TextWriter log;

    public LspJsonRpc(IJsonRpcMessageHandler handler, TextWriter log)
        : base(handler)
    {
        this.log = log;
    }

    protected override JsonRpcError.ErrorDetail CreateErrorDetails(JsonRpcRequest request, Exception exception)
    {
        var (code, message) = exception switch
        {
            LocalRpcException rpc => (rpc.ErrorCode, rpc.Message),
            JobInputException input => (LspErrorCodes.InvalidParams, input.Message),
            OperationCanceledException => (LspErrorCodes.RequestCancelled, "The request was cancelled"),
            _ when ErrorMapping.IsModelFailure(exception) => (LspErrorCodes.ModelUnavailable, exception.Message),
            _ => (LspErrorCodes.InternalError, exception.Message),
        };

        if (code == LspErrorCodes.InternalError)
        {
            this.log.WriteLine($"pmcopilot-lsp: {request.Method} failed: {exception}");
        }

        return new JsonRpcError.ErrorDetail { Code = (JsonRpcErrorCode)code, Message = message };
    }
}

internal static class ErrorMapping
{
    /// <summary>The model cannot serve the request: the client shows the message and points at the settings.</summary>
    public static bool IsModelFailure(Exception exception) => exception is Llama.ModelLoadException or Llama.ContextWindowExceededException;

    public static LocalRpcException ContentModified(string message) => new(message) { ErrorCode = LspErrorCodes.ContentModified };

    public static LocalRpcException InvalidParams(string message) => new(message) { ErrorCode = LspErrorCodes.InvalidParams };
}
