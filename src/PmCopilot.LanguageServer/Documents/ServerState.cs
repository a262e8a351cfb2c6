using System.Collections.Immutable;
using PmCopilot.LanguageServer.Configuration;

namespace PmCopilot.LanguageServer.Documents;

/// <summary>Everything a request may read, as one immutable value: open documents and effective settings.</summary>
internal sealed record ServerState(ImmutableDictionary<string, DocumentSnapshot> Documents, ServerSettings Settings)
{
    /// <summary>The workspace folder from <c>initialize</c>, a local path; relative settings resolve against it.</summary>
    public string? WorkspaceRoot { get; init; }

    public static ServerState Create(ServerSettings settings) => new(ImmutableDictionary.Create<string, DocumentSnapshot>(StringComparer.Ordinal), settings);

    public DocumentSnapshot? Find(string uri) => this.Documents.GetValueOrDefault(uri);
}
