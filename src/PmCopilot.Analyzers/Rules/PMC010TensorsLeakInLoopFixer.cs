using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PmCopilot.Analyzers.Infrastructure;

namespace PmCopilot.Analyzers.Rules
{
    /// <summary>Opens `using var scope = torch.NewDisposeScope();` at the start of the loop body.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PMC010TensorsLeakInLoopFixer)), Shared]
    public sealed class PMC010TensorsLeakInLoopFixer : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.TensorsLeakInLoop);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
                return;
            foreach (var diagnostic in context.Diagnostics)
            {
                var loop = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<StatementSyntax>(s => s is ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax);
                if (loop is null)
                    continue;
                var name = FreeName(model, loop, "scope", "disposeScope", "tensorScope");
                context.RegisterCodeFix(
                    CodeAction.Create("Dispose per-iteration tensors with torch.NewDisposeScope()", _ =>
                    {
                        var newRoot = FixerHelpers.InsertAtLoopStart(root, loop, $"using var {name} = torch.NewDisposeScope();");
                        return Task.FromResult(newRoot is null ? context.Document : context.Document.WithSyntaxRoot(newRoot));
                    }, nameof(PMC010TensorsLeakInLoopFixer)),
                    diagnostic);
            }
        }

        internal static string FreeName(SemanticModel model, SyntaxNode at, params string[] candidates)
        {
            var taken = model.LookupSymbols(at.SpanStart).Select(s => s.Name).ToImmutableHashSet();
            var inside = at.DescendantNodes().OfType<VariableDeclaratorSyntax>().Select(v => v.Identifier.ValueText).ToImmutableHashSet();
            foreach (var candidate in candidates)
            {
                if (!taken.Contains(candidate) && !inside.Contains(candidate))
                    return candidate;
            }

            for (var i = 2; ; i++)
            {
                var numbered = candidates[0] + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!taken.Contains(numbered) && !inside.Contains(numbered))
                    return numbered;
            }
        }
    }
}
