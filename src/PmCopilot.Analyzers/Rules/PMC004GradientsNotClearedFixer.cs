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
    /// <summary>Inserts `optimizer.zero_grad();` as the first statement of the training loop.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PMC004GradientsNotClearedFixer)), Shared]
    public sealed class PMC004GradientsNotClearedFixer : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.GradientsNotCleared);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
                return;
            foreach (var diagnostic in context.Diagnostics)
            {
                var step = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>();
                if (step?.Expression is not MemberAccessExpressionSyntax access)
                    continue;
                var loop = step.Ancestors().OfType<StatementSyntax>().FirstOrDefault(s => s is ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax);
                if (loop is null)
                    continue;
                var optimizer = access.Expression.ToString();
                context.RegisterCodeFix(
                    CodeAction.Create($"Call {optimizer}.zero_grad() at the start of the loop", _ =>
                    {
                        var newRoot = FixerHelpers.InsertAtLoopStart(root, loop, optimizer + ".zero_grad();");
                        return Task.FromResult(newRoot is null ? context.Document : context.Document.WithSyntaxRoot(newRoot));
                    }, nameof(PMC004GradientsNotClearedFixer)),
                    diagnostic);
            }
        }
    }
}
