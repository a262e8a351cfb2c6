using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;

namespace PmCopilot.Llama.Remote;

/// <summary>
/// An <see cref="IChatClient"/> for any OpenAI-compatible endpoint (llama.cpp's llama-server, vLLM, Ollama, another
/// PmCopilot's `serve --http`): the way a team serves one large model to many users.
/// </summary>
public static class OpenAICompatibleProvider
{
    /// <summary>Build the client; the key is only held in memory (servers without auth accept any placeholder).</summary>
    public static IChatClient CreateChatClient(Uri endpoint, string model, string? apiKey)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"Endpoint {endpoint} is not an http(s) address.", nameof(endpoint));

        var client = new OpenAIClient(
            new ApiKeyCredential(string.IsNullOrEmpty(apiKey) ? "no-key" : apiKey),
            new OpenAIClientOptions { Endpoint = endpoint });
        return client.GetChatClient(model).AsIChatClient();
    }
}
