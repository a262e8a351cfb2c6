using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PmCopilot.Analyzers.Infrastructure;

namespace PmCopilot.Analyzers.Rules
{
    /// <summary>PMC011: an optimizer created without a learning rate, or KMeans without a cluster count.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PMC011HyperparameterLeftImplicitAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = RuleHelp.Create(
            RuleIdentifiers.HyperparameterLeftImplicit,
            title: "Hyperparameter left implicit",
            messageFormat: "'{0}' relies on the library default for {1}; pass it explicitly so the choice is visible and tunable",
            RuleCategories.Training,
            DiagnosticSeverity.Info,
            description: "Library defaults for the learning rate or the number of clusters are rarely right for a given problem and hide a decision that should be tuned.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var torch = TorchSymbols.TryCreate(start.Compilation);
                var ml = MlSymbols.TryCreate(start.Compilation);
                if (torch is null && ml is null)
                    return;
                start.RegisterOperationAction(c => Analyze(c, torch, ml), OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, TorchSymbols? torch, MlSymbols? ml)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (torch is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, torch.Optim) && torch.IsOptimizer(method.ReturnType))
            {
                var rate = method.Parameters.FirstOrDefault(p => p.Name is "lr" or "learningRate" or "learning_rate");
                if (rate is not null && !invocation.HasExplicitArgument(rate.Name))
                    context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), "optim." + method.Name, "the learning rate"));
                return;
            }

            if (ml is not null && method.Name == "KMeans" && SymbolEqualityComparer.Default.Equals(method.ContainingType, ml.KMeansClusteringExtensions))
            {
                if (invocation.HasParameter("numberOfClusters"))
                {
                    if (!invocation.HasExplicitArgument("numberOfClusters"))
                        context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), "KMeans", "the number of clusters"));
                    return;
                }

                var options = invocation.GetArgument("options");
                if (options is not null && ValueTracker.Resolve(options) is IObjectCreationOperation creation
                    && !(creation.Initializer?.Initializers.Any(i => i is ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Member.Name: "NumberOfClusters" } }) ?? false)
                    && !AssignedLater(creation, "NumberOfClusters"))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), "KMeans", "the number of clusters"));
                }
            }
        }

        /// <summary>`options.NumberOfClusters = 4;` after the options object was created.</summary>
        private static bool AssignedLater(IObjectCreationOperation creation, string member)
        {
            return creation.GetRoot().DescendantsAndSelf().OfType<ISimpleAssignmentOperation>()
                .Any(a => a.Target is IMemberReferenceOperation reference && reference.Member.Name == member);
        }
    }
}
