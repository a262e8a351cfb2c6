using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PmCopilot.Analyzers.Infrastructure;

namespace PmCopilot.Analyzers.Rules
{
    /// <summary>PMC004: a loop calls backward() and step() but never zero_grad(), so gradients add up across iterations.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PMC004GradientsNotClearedAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = RuleHelp.Create(
            RuleIdentifiers.GradientsNotCleared,
            title: "Gradients not cleared",
            messageFormat: "'{0}.step()' runs in a loop that never calls zero_grad(); call '{0}.zero_grad()' at the start of each iteration",
            RuleCategories.Training,
            DiagnosticSeverity.Warning,
            description: "TorchSharp accumulates gradients into .grad on every backward(); without zero_grad() each step uses the sum of all previous gradients.");

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
                start.RegisterOperationAction(c => Analyze(c, torch), OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, TorchSymbols torch)
        {
            var step = (IInvocationOperation)context.Operation;
            if (!torch.IsOptimizerStep(step.TargetMethod) || step.Instance is null)
                return;
            var loop = step.EnclosingLoops().FirstOrDefault(l => TorchFacts.ContainsBackward(l, torch));
            if (loop is not null)
            {
                if (!ClearsGradients(loop, torch, context))
                    Report(context, step);
                return;
            }

            // backward() and step() in a helper that a loop calls: judge the callers' loops.
            var root = step.GetRoot();
            if (!TorchFacts.ContainsBackward(root, torch) || ClearsGradients(root, torch, context))
                return;
            var method = step.GetContainingMethod(step.SemanticModel);
            if (method is null || step.SemanticModel is null)
                return;
            foreach (var callOperation in ValueTracker.CallersOf(method, step.SemanticModel, context.CancellationToken))
            {
                var callerLoop = callOperation.GetEnclosingLoop();
                if (callerLoop is not null && !ClearsGradients(callerLoop, torch, context))
                {
                    Report(context, step);
                    return;
                }
            }
        }

        private static void Report(OperationAnalysisContext context, IInvocationOperation step)
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, step.Syntax.GetLocation(), step.Instance!.Syntax.ToString()));
        }

        private static bool ClearsGradients(IOperation scope, TorchSymbols torch, OperationAnalysisContext context)
        {
            foreach (var invocation in scope.Invocations())
            {
                if (torch.IsZeroGrad(invocation.TargetMethod))
                    return true;
                if (ValueTracker.IsSourceHelperOrVoid(invocation.TargetMethod) && invocation.SemanticModel is not null)
                {
                    var body = ValueTracker.GetBodyOperation(invocation.TargetMethod, invocation.SemanticModel);
                    if (body is not null && body.Invocations().Any(i => torch.IsZeroGrad(i.TargetMethod)))
                        return true;
                }
            }

            return false;
        }
    }
}
