using System.Text.Json;
using System.Text.Json.Serialization;

namespace PmCopilot.LanguageServer.Protocol;

// Only the parts of LSP 3.17 this server reads or writes. Property names follow the specification through the
// camelCase policy in LspJson; optional members are nullable and omitted when null.

public sealed record Position(int Line, int Character);

public sealed record Range(Position Start, Position End);

public sealed record Location(string Uri, Range Range);

public sealed record TextDocumentIdentifier(string Uri);

public sealed record VersionedTextDocumentIdentifier(string Uri, int? Version);

public sealed record TextDocumentItem(string Uri, string LanguageId, int Version, string Text);

public sealed record TextDocumentPositionParams(TextDocumentIdentifier TextDocument, Position Position);

public sealed record ClientInfo(string Name, string? Version);

public sealed record InitializeParams
{
    public int? ProcessId { get; init; }

    public ClientInfo? ClientInfo { get; init; }

    public string? RootUri { get; init; }

    public string? RootPath { get; init; }

    public JsonElement? Capabilities { get; init; }

    public JsonElement? InitializationOptions { get; init; }

    public IReadOnlyList<WorkspaceFolder>? WorkspaceFolders { get; init; }
}

public sealed record WorkspaceFolder(string Uri, string Name);

public sealed record ServerInfo(string Name, string? Version);

public sealed record InitializeResult(ServerCapabilities Capabilities, ServerInfo ServerInfo);

public sealed record ServerCapabilities
{
    public string PositionEncoding { get; init; } = "utf-16";

    public TextDocumentSyncOptions TextDocumentSync { get; init; } = new();

    public bool HoverProvider { get; init; }

    public CodeActionOptions? CodeActionProvider { get; init; }

    public DiagnosticOptions? DiagnosticProvider { get; init; }

    public ExecuteCommandOptions? ExecuteCommandProvider { get; init; }

    public JsonElement? Experimental { get; init; }
}

public sealed record TextDocumentSyncOptions
{
    public bool OpenClose { get; init; } = true;

    /// <summary>2 = incremental.</summary>
    public int Change { get; init; } = 2;

    public SaveOptions Save { get; init; } = new(IncludeText: false);
}

public sealed record SaveOptions(bool IncludeText);

public sealed record CodeActionOptions(IReadOnlyList<string> CodeActionKinds, bool ResolveProvider);

public sealed record DiagnosticOptions(string Identifier, bool InterFileDependencies, bool WorkspaceDiagnostics);

public sealed record ExecuteCommandOptions(IReadOnlyList<string> Commands);

public sealed record DidOpenTextDocumentParams(TextDocumentItem TextDocument);

public sealed record DidChangeTextDocumentParams(VersionedTextDocumentIdentifier TextDocument, IReadOnlyList<TextDocumentContentChangeEvent> ContentChanges);

/// <summary>With <see cref="Range"/> an incremental edit; without, the whole new text.</summary>
public sealed record TextDocumentContentChangeEvent(Range? Range, string Text, int? RangeLength = null);

public sealed record DidCloseTextDocumentParams(TextDocumentIdentifier TextDocument);

public sealed record DidSaveTextDocumentParams(TextDocumentIdentifier TextDocument, string? Text = null);

public sealed record DidChangeConfigurationParams(JsonElement? Settings);

public sealed record FileEvent(string Uri, int Type);

public sealed record DidChangeWatchedFilesParams(IReadOnlyList<FileEvent>? Changes);

public static class DiagnosticSeverity
{
    public const int Error = 1;
    public const int Warning = 2;
    public const int Information = 3;
    public const int Hint = 4;
}

public sealed record CodeDescription(string Href);

public sealed record Diagnostic
{
    public required Range Range { get; init; }

    public int? Severity { get; init; }

    public string? Code { get; init; }

    public CodeDescription? CodeDescription { get; init; }

    public string? Source { get; init; }

    public required string Message { get; init; }

    public JsonElement? Data { get; init; }
}

public sealed record PublishDiagnosticsParams(string Uri, int? Version, IReadOnlyList<Diagnostic> Diagnostics);

public sealed record DocumentDiagnosticParams(TextDocumentIdentifier TextDocument, string? Identifier = null, string? PreviousResultId = null);

/// <summary>Either a full report (<c>kind: "full"</c>, items) or <c>kind: "unchanged"</c> with the same result id.</summary>
public sealed record DocumentDiagnosticReport(string Kind, string ResultId, IReadOnlyList<Diagnostic>? Items = null);

public sealed record CodeActionContext(IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<string>? Only = null);

public sealed record CodeActionParams(TextDocumentIdentifier TextDocument, Range Range, CodeActionContext Context);

public sealed record TextEdit(Range Range, string NewText);

public sealed record OptionalVersionedTextDocumentIdentifier(string Uri, int? Version);

public sealed record TextDocumentEdit(OptionalVersionedTextDocumentIdentifier TextDocument, IReadOnlyList<TextEdit> Edits);

public sealed record WorkspaceEdit
{
    public IReadOnlyDictionary<string, IReadOnlyList<TextEdit>>? Changes { get; init; }

    public IReadOnlyList<TextDocumentEdit>? DocumentChanges { get; init; }
}

public sealed record Command(string Title, string CommandName, IReadOnlyList<object>? Arguments = null)
{
    // "command" is both the type and its member's name in LSP; C# cannot name a member after its type.
    [JsonPropertyName("command")]
    public string CommandName { get; init; } = CommandName;
}

public sealed record CodeAction
{
    public required string Title { get; init; }

    public string? Kind { get; init; }

    public IReadOnlyList<Diagnostic>? Diagnostics { get; init; }

    public bool? IsPreferred { get; init; }

    public WorkspaceEdit? Edit { get; init; }

    public Command? Command { get; init; }
}

public sealed record ExecuteCommandParams(string Command, IReadOnlyList<JsonElement>? Arguments);

public sealed record ShowDocumentParams(string Uri, bool? External = null, bool? TakeFocus = null, Range? Selection = null);

public sealed record ShowDocumentResult(bool Success);

public sealed record MarkupContent(string Kind, string Value);

public sealed record Hover(MarkupContent Contents, Range? Range = null);

public sealed record LogMessageParams(int Type, string Message);

public sealed record ShowMessageParams(int Type, string Message);

public sealed record WorkDoneProgressCreateParams(JsonElement Token);

public sealed record ProgressParams(JsonElement Token, object Value);

public sealed record WorkDoneProgressBegin(string Title, string? Message = null, int? Percentage = null, bool? Cancellable = null)
{
    public string Kind => "begin";
}

public sealed record WorkDoneProgressReport(string? Message = null, int? Percentage = null)
{
    public string Kind => "report";
}

public sealed record WorkDoneProgressEnd(string? Message = null)
{
    public string Kind => "end";
}
