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
    /// <summary>Inserts `using var _ = torch.no_grad();` before the evaluating statement, so the rest of its block runs without autograd.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PMC006InferenceTracksGradientsFixer)), Shared]
    public sealed class PMC006InferenceTracksGradientsFixer : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.InferenceTracksGradients);

        // Several calls in one block need one scope: fix them one at a time so each sees the previous insertion.
        public override FixAllProvider? GetFixAllProvider() => null;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
                return;
            foreach (var diagnostic in context.Diagnostics)
            {
                var statement = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<StatementSyntax>();
                if (statement is null || statement.Parent is not (BlockSyntax or GlobalStatementSyntax or SwitchSectionSyntax))
                    continue;
                var name = PMC010TensorsLeakInLoopFixer.FreeName(model, statement, "_", "noGrad", "gradScope");
                context.RegisterCodeFix(
                    CodeAction.Create("Run it under torch.no_grad()", _ =>
                    {
                        var newRoot = FixerHelpers.InsertBefore(root, statement, $"using var {name} = torch.no_grad();");
                        return Task.FromResult(newRoot is null ? context.Document : context.Document.WithSyntaxRoot(newRoot));
                    }, nameof(PMC006InferenceTracksGradientsFixer)),
                    diagnostic);
            }
        }
    }
}
