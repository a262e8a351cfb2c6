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
                    && invocation.TargetMethod.ContainingType?.Name != "Console")
                    return true;
                if (operation is IReturnOperation { ReturnedValue: { } returned } && returned.Type is { } returnedType && returnedType.InheritsFromOrEquals(metricsType))
                    return true;
            }

            return false;
        }
    }
}
