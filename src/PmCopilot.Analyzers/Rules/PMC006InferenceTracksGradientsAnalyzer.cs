using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PmCopilot.Analyzers.Infrastructure;

namespace PmCopilot.Analyzers.Rules
{
    /// <summary>PMC006: evaluation or prediction runs with autograd on (outside torch.no_grad()/inference_mode()).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PMC006InferenceTracksGradientsAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = RuleHelp.Create(
            RuleIdentifiers.InferenceTracksGradients,
            title: "Inference tracks gradients",
            messageFormat: "'{0}' runs for evaluation with gradient tracking on; wrap it in 'using var _ = torch.no_grad();'",
            RuleCategories.Evaluation,
            DiagnosticSeverity.Info,
            description: "Outside no_grad every evaluation builds an autograd graph: it costs memory and time and can leak gradients into the next training step.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var torch = TorchSymbols.TryCreate(start.Compilation);
                if (torch is null)
                    return;
                start.RegisterOperationBlockAction(c => Analyze(c, torch));
            });
        }

        private static void Analyze(OperationBlockAnalysisContext context, TorchSymbols torch)
        {
            var method = context.OwningSymbol as IMethodSymbol;
            if (method is not null && method.Name == "forward" && torch.IsModule(method.ContainingType))
                return;
            foreach (var root in context.OperationBlocks)
            {
                var statements = new HashSet<SyntaxNode>();
                bool? calledUnderNoGrad = null;
                foreach (var call in TorchFacts.ModelCalls(root, torch))
                {
                    var evaluation = EvaluationContext.For(call, torch);
                    if (evaluation is null || evaluation.UnderNoGrad || !evaluation.IsEvaluation)
                        continue;
                    if (TorchFacts.IsSubModuleOfOwnType(call, method, torch))
                        continue;
                    if (evaluation.InTrainingLoop && evaluation.ModeBefore != true)
                        continue;
                    if (FeedsBackward(call, root, torch))
                        continue;
                    calledUnderNoGrad ??= TorchFacts.CalledUnderNoGradInType(method);
                    if (calledUnderNoGrad == true)
                        return;
                    var statement = call.Syntax.FirstAncestorOrSelf<Microsoft.CodeAnalysis.CSharp.Syntax.StatementSyntax>();
                    if (statement is not null && !statements.Add(statement))
                        continue;
                    context.ReportDiagnostic(Diagnostic.Create(Rule, call.Syntax.GetLocation(), call.Instance!.Syntax.ToString()));
                }
            }
        }

        /// <summary>A call whose result later reaches backward() is a training step, whatever the mode.</summary>
        private static bool FeedsBackward(IInvocationOperation call, IOperation root, TorchSymbols torch)
        {
            // `loss(model(x), y).backward()`: the backward() invocation starts before the call but contains it, so compare ends.
            return root.Invocations().Any(i => torch.IsBackward(i.TargetMethod) && i.Syntax.Span.End >= call.Syntax.Span.End);
        }
    }
}
