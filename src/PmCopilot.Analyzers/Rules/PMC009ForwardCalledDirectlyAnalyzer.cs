using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PmCopilot.Analyzers.Infrastructure;

namespace PmCopilot.Analyzers.Rules
{
    /// <summary>PMC009: `model.forward(x)` skips the module's hooks; outside a module's own forward use `model.call(x)`.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PMC009ForwardCalledDirectlyAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = RuleHelp.Create(
            RuleIdentifiers.ForwardCalledDirectly,
            title: "forward called directly",
            messageFormat: "'{0}.forward(...)' bypasses the module's hooks; call '{0}.call(...)' instead",
            RuleCategories.Training,
            DiagnosticSeverity.Info,
            description: "Module.call runs registered pre- and post-forward hooks and then forward; calling forward directly silently skips them.");

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
            var invocation = (IInvocationOperation)context.Operation;
            if (invocation.TargetMethod.Name != "forward" || invocation.Instance is null || invocation.Instance is IInstanceReferenceOperation)
                return;
            var receiverType = invocation.Instance.Type;
            if (!torch.IsModule(receiverType) || TorchFacts.IsInsideModuleForward(invocation, torch))
                return;
            if (!HasCall(receiverType!, invocation.Arguments.Length))
                return;
            var location = invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } ? access.Name.GetLocation() : invocation.Syntax.GetLocation();
            context.ReportDiagnostic(Diagnostic.Create(Rule, location, invocation.Instance.Syntax.ToString()));
        }

        private static bool HasCall(ITypeSymbol type, int arity)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (current.GetMembers("call").OfType<IMethodSymbol>().Any(m => m.Parameters.Length == arity))
                    return true;
            }

            return false;
        }
    }
}
