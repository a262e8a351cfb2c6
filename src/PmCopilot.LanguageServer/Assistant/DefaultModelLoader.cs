using PmCopilot.LanguageServer.Configuration;
using PmCopilot.LanguageServer.Protocol;
using StreamJsonRpc;

namespace PmCopilot.LanguageServer.Assistant;

internal static class DefaultModelLoader
{
    public static Task<AssistantModel> Load(AssistantSettings settings, IProgress<float>? progress, CancellationToken cancellationToken)
    {
        _ = (settings, progress, cancellationToken);
        throw new LocalRpcException("This build has no model runtime yet") { ErrorCode = LspErrorCodes.ModelUnavailable };
    }
}
