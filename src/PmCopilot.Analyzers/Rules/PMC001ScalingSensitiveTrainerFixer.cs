using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PmCopilot.Analyzers.Rules
{
    /// <summary>Turns `x.Append(trainer)` into `x.Append(ml.Transforms.NormalizeMinMax("Features")).Append(trainer)`.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PMC001ScalingSensitiveTrainerFixer)), Shared]
    public sealed class PMC001ScalingSensitiveTrainerFixer : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.ScalingSensitiveTrainerWithoutNormalization);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
                return;
            foreach (var diagnostic in context.Diagnostics)
            {
                var properties = diagnostic.Properties;
                if (!properties.TryGetValue(PMC001ScalingSensitiveTrainerAnalyzer.AppendArgumentStartProperty, out var startText)
                    || !properties.TryGetValue(PMC001ScalingSensitiveTrainerAnalyzer.ContextExpressionProperty, out var mlContext)
                    || !properties.TryGetValue(PMC001ScalingSensitiveTrainerAnalyzer.FeatureColumnProperty, out var column)
                    || mlContext is null || column is null
                    || !int.TryParse(startText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var start))
                    continue;
                var argument = root.FindToken(start).Parent?.FirstAncestorOrSelf<ArgumentSyntax>();
                if (argument?.Parent?.Parent is not InvocationExpressionSyntax append || append.Expression is not MemberAccessExpressionSyntax access || access.Name.Identifier.ValueText != "Append")
                    continue;
                context.RegisterCodeFix(
                    CodeAction.Create($"Normalize '{column}' with NormalizeMinMax before the trainer", _ =>
                    {
                        var normalizer = SyntaxFactory.ParseExpression($"{mlContext}.Transforms.NormalizeMinMax({SymbolDisplay.FormatLiteral(column, quote: true)})");
                        var normalized = SyntaxFactory.InvocationExpression(
                            access.WithName(SyntaxFactory.IdentifierName("Append")),
                            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(normalizer))));
                        var newAppend = append.WithExpression(access.WithExpression(normalized));
                        return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(append, newAppend)));
                    }, nameof(PMC001ScalingSensitiveTrainerFixer)),
                    diagnostic);
            }
        }
    }
}
