using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PmCopilot.Analyzers.Rules
{
    /// <summary>Rewrites `model.forward(x)` to `model.call(x)`.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PMC009ForwardCalledDirectlyFixer)), Shared]
    public sealed class PMC009ForwardCalledDirectlyFixer : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.ForwardCalledDirectly);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not SimpleNameSyntax name || name.Identifier.ValueText != "forward")
                    continue;
                context.RegisterCodeFix(
                    CodeAction.Create("Use call(...) instead of forward(...)", ct =>
                    {
                        var renamed = name.WithIdentifier(SyntaxFactory.Identifier(name.Identifier.LeadingTrivia, "call", name.Identifier.TrailingTrivia));
                        return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(name, renamed)));
                    }, nameof(PMC009ForwardCalledDirectlyFixer)),
                    diagnostic);
            }
        }
    }
}
