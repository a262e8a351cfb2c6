using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PmCopilot.Analyzers.Infrastructure;

namespace PmCopilot.Analyzers.Rules
{
    /// <summary>PMC012: a binary classifier is judged by Accuracy/F1 only, never by AUC-ROC or AUC-PR.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PMC012ThresholdDependentValidationAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = RuleHelp.Create(
            RuleIdentifiers.ThresholdDependentValidationOnly,
            title: "Threshold-dependent validation only",
            messageFormat: "The binary classifier is judged by {0} alone, which depends on the 0.5 threshold and on class balance; also read AreaUnderRocCurve or AreaUnderPrecisionRecallCurve",
            RuleCategories.Evaluation,
            DiagnosticSeverity.Info,
            description: "Accuracy and F1 change with the decision threshold and look good on imbalanced data; AUC-ROC and AUC-PR summarize ranking quality over all thresholds.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var ml = MlSymbols.TryCreate(start.Compilation);
                if (ml?.BinaryClassificationMetrics is null)
                    return;
                start.RegisterOperationBlockAction(c => Analyze(c, ml.BinaryClassificationMetrics));
            });
        }

        private static void Analyze(OperationBlockAnalysisContext context, INamedTypeSymbol metricsType)
        {
            foreach (var root in context.OperationBlocks)
            {
                var reads = root.DescendantsAndSelf().OfType<IPropertyReferenceOperation>()
                    .Where(p => p.Property.ContainingType is not null && p.Instance?.Type is { } t && t.InheritsFromOrEquals(metricsType))
                    .ToList();
                if (reads.Count == 0 || reads.Any(r => r.Property.Name is "AreaUnderRocCurve" or "AreaUnderPrecisionRecallCurve"))
                    continue;
                var thresholdReads = reads.Where(r => r.Property.Name is "Accuracy" or "F1Score").ToList();
                if (thresholdReads.Count == 0)
                    continue;
                if (MetricsEscape(root, metricsType))
                    continue;
                var names = string.Join(" and ", thresholdReads.Select(r => r.Property.Name).Distinct());
                context.ReportDiagnostic(Diagnostic.Create(Rule, thresholdReads[0].Syntax.GetLocation(), names));
            }
        }

        /// <summary>Metrics handed to another method or returned may have their AUC read there.</summary>
        private static bool MetricsEscape(IOperation root, INamedTypeSymbol metricsType)
        {
            foreach (var operation in root.DescendantsAndSelf())
            {
                if (operation is IArgumentOperation argument && argument.Value.Type is { } type && type.InheritsFromOrEquals(metricsType)
                    && argument.Parent is IInvocationOperation { TargetMethod.ContainingType.SpecialType: not SpecialType.System_String } invocation
                    && invocation.TargetMethod.ContainingType?.Name != "Console"
                    && !IsLocalFunctionOf(invocation.TargetMethod, root))
                    return true;
                if (operation is IReturnOperation { ReturnedValue: { } returned } ret && returned.Type is { } returnedType && returnedType.InheritsFromOrEquals(metricsType)
                    && ReturnHandsMetricsOut(ret, returned, root))
                    return true;
            }

            return false;
        }

        /// <summary>A local function declared in this block: its reads were counted with the block's, so handing it the metrics hides no AUC read.</summary>
        private static bool IsLocalFunctionOf(IMethodSymbol method, IOperation root)
        {
            return method.MethodKind == MethodKind.LocalFunction
                && method.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == root.Syntax.SyntaxTree && root.Syntax.Span.Contains(r.Span));
        }

        /// <summary>
        /// Whether a return gives the metrics to code outside this block. A local function returns to its callers here. A lambda
        /// that computes the metrics and is run by a library call (<c>await Task.Run(() => Evaluate(...))</c>) hands them back to
        /// this block, where they are read; one that returns stored metrics, or is run by source code, may expose them elsewhere.
        /// </summary>
        private static bool ReturnHandsMetricsOut(IReturnOperation ret, IOperation returned, IOperation root)
        {
            for (var current = ret.Parent; current is not null && current != root; current = current.Parent)
            {
                switch (current)
                {
                    case ILocalFunctionOperation:
                        return false;
                    case IAnonymousFunctionOperation lambda:
                        return IsStoredOutside(returned.Unwrap(), lambda) || !RunByLibraryCall(lambda);
                }
            }

            return true;
        }

        private static bool IsStoredOutside(IOperation value, IAnonymousFunctionOperation lambda)
        {
            return value switch
            {
                ILocalReferenceOperation local => !local.Local.DeclaringSyntaxReferences.Any(r => lambda.Syntax.Span.Contains(r.Span)),
                IParameterReferenceOperation parameter => !SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, lambda.Symbol),
                IFieldReferenceOperation or IPropertyReferenceOperation => true,
                _ => false,
            };
        }

        private static bool RunByLibraryCall(IAnonymousFunctionOperation lambda)
        {
            var argument = lambda.Parent is IDelegateCreationOperation creation ? creation.Parent : lambda.Parent;
            return argument is IArgumentOperation { Parent: IInvocationOperation invocation } && !invocation.TargetMethod.IsDeclaredInSource();
        }
    }
}
