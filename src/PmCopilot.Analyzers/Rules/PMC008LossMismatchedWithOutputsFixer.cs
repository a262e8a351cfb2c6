using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace PmCopilot.Analyzers.Rules
{
    /// <summary>Removes the softmax/sigmoid in front of the loss; for BCELoss also switches to BCEWithLogitsLoss.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PMC008LossMismatchedWithOutputsFixer)), Shared]
    public sealed class PMC008LossMismatchedWithOutputsFixer : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.LossMismatchedWithOutputs);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
                return;
            foreach (var diagnostic in context.Diagnostics)
            {
                var activation = FindSpan(root, diagnostic, PMC008LossMismatchedWithOutputsAnalyzer.ActivationStartProperty, PMC008LossMismatchedWithOutputsAnalyzer.ActivationEndProperty) as InvocationExpressionSyntax;
                if (activation is null)
                    continue;
                var isBinary = diagnostic.Properties.TryGetValue(PMC008LossMismatchedWithOutputsAnalyzer.KindProperty, out var kind) && kind == PMC008LossMismatchedWithOutputsAnalyzer.BinaryKind;
                var loss = FindSpan(root, diagnostic, PMC008LossMismatchedWithOutputsAnalyzer.LossStartProperty, PMC008LossMismatchedWithOutputsAnalyzer.LossEndProperty) as InvocationExpressionSyntax;
                if (isBinary && loss is null)
                    continue;
                var title = isBinary ? "Drop the sigmoid and use BCEWithLogitsLoss" : "Pass logits: remove the softmax before CrossEntropyLoss";
                var layerArgument = Unwrap(activation) is null ? SequentialArgument(activation) : null;
                if (Unwrap(activation) is null && layerArgument is null)
                    continue;
                context.RegisterCodeFix(CodeAction.Create(title, _ =>
                {
                    var layerMark = new SyntaxAnnotation();
                    var targets = new System.Collections.Generic.List<SyntaxNode>();
                    targets.Add(layerArgument ?? (SyntaxNode)activation);
                    if (loss is not null)
                        targets.Add(loss);
                    var newRoot = root.ReplaceNodes(targets, (original, rewritten) =>
                    {
                        if (original == layerArgument)
                            return rewritten.WithAdditionalAnnotations(layerMark);
                        if (original == activation)
                            return Unwrap((InvocationExpressionSyntax)rewritten) ?? rewritten;
                        return isBinary ? ToLogitsLoss((InvocationExpressionSyntax)rewritten) : rewritten;
                    });
                    var marked = newRoot.GetAnnotatedNodes(layerMark).FirstOrDefault();
                    if (marked is not null)
                        newRoot = newRoot.RemoveNode(marked, SyntaxRemoveOptions.KeepNoTrivia) ?? newRoot;
                    return Task.FromResult(context.Document.WithSyntaxRoot(newRoot));
                }, nameof(PMC008LossMismatchedWithOutputsFixer)), diagnostic);
            }
        }

        /// <summary>The `Sequential(...)` argument holding a final Softmax/Sigmoid layer (possibly inside a ("name", layer) tuple).</summary>
        private static ArgumentSyntax? SequentialArgument(InvocationExpressionSyntax layer)
        {
            foreach (var argument in layer.Ancestors().OfType<ArgumentSyntax>())
            {
                if (argument.Parent?.Parent is InvocationExpressionSyntax invocation
                    && (invocation.Expression as MemberAccessExpressionSyntax)?.Name.Identifier.ValueText is "Sequential"
                    || (argument.Parent?.Parent as InvocationExpressionSyntax)?.Expression is IdentifierNameSyntax { Identifier.ValueText: "Sequential" })
                    return argument;
            }

            return null;
        }

        private static SyntaxNode? FindSpan(SyntaxNode root, Diagnostic diagnostic, string startKey, string endKey)
        {
            if (!diagnostic.Properties.TryGetValue(startKey, out var startText) || !diagnostic.Properties.TryGetValue(endKey, out var endText)
                || !int.TryParse(startText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var start) || !int.TryParse(endText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var end)
                || end > root.FullSpan.End)
                return null;
            return root.FindNode(TextSpan.FromBounds(start, end), getInnermostNodeForTie: true);
        }

        /// <summary>`softmax(x, 1)` / `x.softmax(1)` / `nn.Softmax(1)` layer → what it was applied to (layers cannot be unwrapped).</summary>
        private static ExpressionSyntax? Unwrap(InvocationExpressionSyntax activation)
        {
            if (activation.Expression is MemberAccessExpressionSyntax access)
            {
                var name = access.Name.Identifier.ValueText;
                if (name is "softmax" or "log_softmax" or "sigmoid" or "expit")
                {
                    var first = activation.ArgumentList.Arguments.FirstOrDefault();
                    var receiverIsNamespace = access.Expression.ToString() is "torch" or "functional" or "nn.functional" or "torch.nn.functional" or "torch.special" or "special" or "F";
                    if (receiverIsNamespace && first is not null)
                        return first.Expression.WithTriviaFrom(activation);
                    if (!receiverIsNamespace)
                        return access.Expression.WithTriviaFrom(activation);
                }
            }
            else if (activation.Expression is IdentifierNameSyntax { Identifier.ValueText: "softmax" or "log_softmax" or "sigmoid" } && activation.ArgumentList.Arguments.Count > 0)
            {
                return activation.ArgumentList.Arguments[0].Expression.WithTriviaFrom(activation);
            }

            return null;
        }

        private static SyntaxNode ToLogitsLoss(InvocationExpressionSyntax loss)
        {
            SimpleNameSyntax? name = loss.Expression switch
            {
                MemberAccessExpressionSyntax access => access.Name,
                IdentifierNameSyntax identifier => identifier,
                _ => null,
            };
            if (name is null)
                return loss;
            var replacement = name.Identifier.ValueText switch
            {
                "BCELoss" => "BCEWithLogitsLoss",
                "binary_cross_entropy" => "binary_cross_entropy_with_logits",
                _ => null,
            };
            if (replacement is null)
                return loss;
            return loss.ReplaceNode(name, name.WithIdentifier(SyntaxFactory.Identifier(name.Identifier.LeadingTrivia, replacement, name.Identifier.TrailingTrivia)));
        }
    }
}
