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
    /// <summary>Inserts `model.eval();` before the evaluation, or `model.train();` at the start of the training step.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PMC005EvalModeNotSetFixer)), Shared]
    public sealed class PMC005EvalModeNotSetFixer : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.EvalModeNotSet);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
                return;
            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(PMC005EvalModeNotSetAnalyzer.FixProperty, out var fix) || !diagnostic.Properties.TryGetValue(PMC005EvalModeNotSetAnalyzer.ModuleProperty, out var module) || module is null)
                    continue;
                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                if (fix == "eval")
                {
                    // Before the outermost statement of the evaluation that sits in a block: a `using (no_grad)` block gets eval() above it.
                    var statement = node.AncestorsAndSelf().OfType<StatementSyntax>()
                        .TakeWhile(s => s is not (ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax))
                        .LastOrDefault(s => s.Parent is BlockSyntax or GlobalStatementSyntax or SwitchSectionSyntax);
                    if (statement is null)
                        continue;
                    context.RegisterCodeFix(CodeAction.Create($"Call {module}.eval() before evaluating", _ =>
                    {
                        var newRoot = FixerHelpers.InsertBefore(root, statement, module + ".eval();");
                        return Task.FromResult(newRoot is null ? context.Document : context.Document.WithSyntaxRoot(newRoot));
                    }, nameof(PMC005EvalModeNotSetFixer) + "Eval"), diagnostic);
                }
                else
                {
                    var loop = node.Ancestors().OfType<StatementSyntax>().FirstOrDefault(s => s is ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax);
                    if (loop is null)
                        continue;
                    context.RegisterCodeFix(CodeAction.Create($"Call {module}.train() at the start of the training step", _ =>
                    {
                        var newRoot = FixerHelpers.InsertAtLoopStart(root, loop, module + ".train();");
                        return Task.FromResult(newRoot is null ? context.Document : context.Document.WithSyntaxRoot(newRoot));
                    }, nameof(PMC005EvalModeNotSetFixer) + "Train"), diagnostic);
                }
            }
        }
    }
}
