using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using PmCopilot.Analyzers.Infrastructure;

namespace PmCopilot.Analyzers.Rules
{
    /// <summary>Adds `seed: 1` to `new MLContext()`, or `torch.manual_seed(1);` at the start of the training method.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PMC007UncontrolledRandomnessFixer)), Shared]
    public sealed class PMC007UncontrolledRandomnessFixer : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.UncontrolledRandomness);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
                return;
            foreach (var diagnostic in context.Diagnostics)
            {
                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                if (diagnostic.Properties.TryGetValue(PMC007UncontrolledRandomnessAnalyzer.KindProperty, out var kind) && kind == PMC007UncontrolledRandomnessAnalyzer.TorchKind)
                {
                    var body = node.FirstAncestorOrSelf<SyntaxNode>(n => n is BaseMethodDeclarationSyntax { Body: not null } or LocalFunctionStatementSyntax { Body: not null } || n is CompilationUnitSyntax);
                    if (body is null)
                        continue;
                    context.RegisterCodeFix(CodeAction.Create("Seed TorchSharp with torch.manual_seed", ct => AddManualSeedAsync(context.Document, body, ct), nameof(PMC007UncontrolledRandomnessFixer) + "Torch"), diagnostic);
                }
                else if (node.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is { } creation)
                {
                    context.RegisterCodeFix(CodeAction.Create("Pass a seed to MLContext", ct => AddSeedAsync(context.Document, creation, ct), nameof(PMC007UncontrolledRandomnessFixer)), diagnostic);
                }
            }
        }

        private static async Task<Document> AddSeedAsync(Document document, BaseObjectCreationExpressionSyntax creation, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var seed = SyntaxFactory.Argument(SyntaxFactory.NameColon("seed"), default, SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(1)));
            var arguments = creation.ArgumentList ?? SyntaxFactory.ArgumentList();
            // An explicit `null` seed is replaced; otherwise the seed is appended.
            var existing = arguments.Arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == "seed" || a.Expression.IsKind(SyntaxKind.NullLiteralExpression));
            var newArguments = existing is null ? arguments.AddArguments(seed) : arguments.ReplaceNode(existing, seed);
            var newCreation = creation.WithArgumentList(newArguments);
            return document.WithSyntaxRoot(root!.ReplaceNode(creation, newCreation));
        }

        private static async Task<Document> AddManualSeedAsync(Document document, SyntaxNode owner, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var statement = SyntaxFactory.ParseStatement("torch.manual_seed(1);").WithAdditionalAnnotations(Formatter.Annotation);
            SyntaxNode newRoot;
            switch (owner)
            {
                case BaseMethodDeclarationSyntax { Body.Statements.Count: > 0 } method:
                    newRoot = FixerHelpers.InsertBefore(root!, method.Body!.Statements[0], "torch.manual_seed(1);") ?? root!;
                    break;
                case LocalFunctionStatementSyntax { Body.Statements.Count: > 0 } local:
                    newRoot = FixerHelpers.InsertBefore(root!, local.Body!.Statements[0], "torch.manual_seed(1);") ?? root!;
                    break;
                case CompilationUnitSyntax unit:
                    var firstGlobal = unit.Members.OfType<GlobalStatementSyntax>().FirstOrDefault();
                    if (firstGlobal is null)
                        return document;
                    var global = SyntaxFactory.GlobalStatement(statement).WithTrailingTrivia(FixerHelpers.EndOfLine(unit));
                    newRoot = unit.InsertNodesBefore(firstGlobal, new[] { global });
                    break;
                default:
                    return document;
            }

            return document.WithSyntaxRoot(newRoot);
        }
    }
}
