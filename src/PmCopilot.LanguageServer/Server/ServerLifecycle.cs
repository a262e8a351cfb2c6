using PmCopilot.LanguageServer.Protocol;

namespace PmCopilot.LanguageServer.Server;

/// <summary>The LSP lifecycle: nothing but <c>initialize</c> and <c>exit</c> before initialize, nothing but <c>exit</c> after shutdown.</summary>
internal sealed class ServerLifecycle
{
    private int state; // 0 new, 1 initialized, 2 shut down, 3 exited

    public bool IsInitialized => Volatile.Read(ref this.state) >= 1;

    public bool ShutdownRequested => Volatile.Read(ref this.state) >= 2;

    public (int Code, string Message)? Admit(string method, bool isNotification)
    {
        if (method == "exit")
        {
            return null;
        }

        var current = Volatile.Read(ref this.state);
        if (method == "initialize")
        {
            return Interlocked.CompareExchange(ref this.state, 1, 0) == 0
                ? null
                : (LspErrorCodes.InvalidRequest, "initialize may be sent only once");
        }

        if (current == 0)
        {
            return (LspErrorCodes.ServerNotInitialized, "The server has not been initialized");
        }

        if (current >= 2)
        {
            return (LspErrorCodes.InvalidRequest, "The server is shutting down; only exit is accepted");
        }

        // Notifications other than $/ ones are dropped silently before initialize; the spec asks for that.
        _ = isNotification;
        return null;
    }

    public void MarkShutdown() => Interlocked.CompareExchange(ref this.state, 2, 1);
}
