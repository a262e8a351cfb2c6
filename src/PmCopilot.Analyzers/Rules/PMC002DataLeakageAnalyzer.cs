using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PmCopilot.Analyzers.Infrastructure;

namespace PmCopilot.Analyzers.Rules
{
    /// <summary>PMC002: statistics learned from data that is split afterwards, or a model fitted on the test split.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PMC002DataLeakageAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = RuleHelp.Create(
            RuleIdentifiers.DataLeakage,
            title: "Data leakage",
            messageFormat: "{0}",
            RuleCategories.DataPreparation,
            DiagnosticSeverity.Warning,
            description: "When statistics (min/max, mean/variance, selected features) are learned before splitting, or the model is fitted on the test split, the test metrics see the test data and overstate real performance.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var ml = MlSymbols.TryCreate(start.Compilation);
                if (ml is not null)
                {
                    var pipeline = new MlPipeline(ml);
                    start.RegisterOperationAction(c => AnalyzeMl(c, ml, pipeline), OperationKind.Invocation);
                }

                var torch = TorchSymbols.TryCreate(start.Compilation);
                if (torch is not null)
                    start.RegisterOperationBlockAction(c => AnalyzeTorch(c, torch));
            });
        }

        private static void AnalyzeMl(OperationAnalysisContext context, MlSymbols ml, MlPipeline pipeline)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (ml.IsFit(method) && invocation.Arguments.Length > 0)
            {
                var data = ValueTracker.Resolve(invocation.Arguments[0].Value);
                if (data is IMemberReferenceOperation { Member.Name: "TestSet" } test && SymbolEqualityComparer.Default.Equals(test.Member.ContainingType, ml.TrainTestData))
                    context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Arguments[0].Syntax.GetLocation(), "The model is fitted on the test split; fit on TrainSet and keep TestSet for evaluation only"));
                else if (FitOnSplitDataAppliedToSplits(invocation, ml, pipeline) is { } learnerName)
                    context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(),
                        $"'{learnerName}' learns its statistics from all the data that is also split into train and test; fit the transform on the training split only"));
                return;
            }

            if ((method.Name == "TrainTestSplit" || method.Name == "CrossValidationSplit") && SymbolEqualityComparer.Default.Equals(method.ContainingType, ml.DataOperationsCatalog))
            {
                var data = invocation.GetArgument("data");
                if (data is null)
                    return;
                var transform = ValueTracker.Resolve(data) as IInvocationOperation;
                if (transform is null || !ml.IsTransform(transform.TargetMethod) || transform.Instance is null)
                    return;
                if (ValueTracker.Resolve(transform.Instance) is not IInvocationOperation fit || !ml.IsFit(fit.TargetMethod) || fit.Instance is null)
                    return;
                var steps = pipeline.GetSteps(fit.Instance, out _);
                var learner = steps.FirstOrDefault(s => s.Operation is IInvocationOperation step && LearnsStatistics(step.TargetMethod, pipeline));
                if (learner?.Operation is not IInvocationOperation learnerCall)
                    return;
                var at = fit.Syntax.SyntaxTree == invocation.Syntax.SyntaxTree && fit.IsInside(invocation.GetRoot()) ? fit : invocation;
                context.ReportDiagnostic(Diagnostic.Create(Rule, at.Syntax.GetLocation(),
                    $"'{learnerCall.TargetMethod.Name}' learns its statistics from all the data before '{method.Name}'; split first and fit the transform on the training split only"));
            }
        }

        /// <summary>`scaler = norm.Fit(data)` while `data` is also split, and the scaler then transforms the split sets (either order).</summary>
        private static string? FitOnSplitDataAppliedToSplits(IInvocationOperation fit, MlSymbols ml, MlPipeline pipeline)
        {
            if (fit.Instance is null)
                return null;
            var learner = pipeline.GetSteps(fit.Instance, out _).Select(s => s.Operation).OfType<IInvocationOperation>().FirstOrDefault(s => LearnsStatistics(s.TargetMethod, pipeline));
            var dataKey = ValueTracker.StorageKey(fit.Arguments[0].Value);
            if (learner is null || dataKey is null)
                return null;
            var invocations = fit.GetRoot().Invocations().ToList();
            var splitsSameData = invocations.Any(i => (i.TargetMethod.Name == "TrainTestSplit" || i.TargetMethod.Name == "CrossValidationSplit")
                && SymbolEqualityComparer.Default.Equals(i.TargetMethod.ContainingType, ml.DataOperationsCatalog)
                && i.GetArgument("data") is { } splitData && ValueTracker.StorageKey(splitData) == dataKey);
            if (!splitsSameData)
                return null;
            // A final model refitted on all the data after evaluation is fine; the leak is this fitted transform feeding the split sets.
            var appliedToSplit = invocations.Any(t => ml.IsTransform(t.TargetMethod) && t.Instance is not null && t.Arguments.Length > 0
                && ValueTracker.Resolve(t.Instance).Syntax == fit.Syntax
                && ValueTracker.Resolve(t.Arguments[0].Value) is IMemberReferenceOperation { Member.Name: "TrainSet" or "TestSet" });
            return appliedToSplit ? learner.TargetMethod.Name : null;
        }

        private static bool LearnsStatistics(IMethodSymbol method, MlPipeline pipeline)
        {
            if (pipeline.IsNormalizer(method))
                return MlPipeline.StatisticalNormalizerNames.Contains(method.Name);
            return pipeline.IsPca(method) || method.Name is "SelectFeaturesBasedOnMutualInformation" or "SelectFeaturesBasedOnCount";
        }

        private static void AnalyzeTorch(OperationBlockAnalysisContext context, TorchSymbols torch)
        {
            foreach (var root in context.OperationBlocks)
            {
                var invocations = root.Invocations().ToList();
                foreach (var stat in invocations)
                {
                    if (stat.TargetMethod.Name is not ("mean" or "std" or "var" or "min" or "max" or "amin" or "amax") || !torch.IsTorchApi(stat.TargetMethod))
                        continue;
                    var data = stat.Instance ?? stat.Arguments.FirstOrDefault()?.Value;
                    if (data is null || !torch.IsTensor(data.Type))
                        continue;
                    var dataSymbol = WholeTensorBehind(data, torch) switch
                    {
                        ILocalReferenceOperation l => (ISymbol)l.Local,
                        IParameterReferenceOperation p => p.Parameter,
                        _ => null,
                    };
                    if (dataSymbol is null)
                        continue;
                    if (!UsedToScale(stat, root))
                        continue;
                    // The statistics come from a tensor that is itself cut into train/test later.
                    var split = (IOperation?)invocations.FirstOrDefault(i => i.Position() > stat.Position() && IsSplit(i, torch) && SplitSourceDerivesFrom(i, dataSymbol, root))
                        ?? root.DescendantsAndSelf().OfType<IPropertyReferenceOperation>().FirstOrDefault(p => p.Position() > stat.Position() && IsSliceIndexer(p, torch) && SourceDerivesFrom(p.Instance!, dataSymbol, root, p.Position()));
                    if (split is null)
                        continue;
                    context.ReportDiagnostic(Diagnostic.Create(Rule, stat.Syntax.GetLocation(),
                        $"'{stat.TargetMethod.Name}' is computed over all of '{dataSymbol.Name}' before it is split into train and test; compute the statistics on the training split only"));
                    break;
                }
            }
        }

        // Element-wise maps keep one value per element: statistics of `x.abs()` or `x.@float()` are still statistics of all of `x`.
        private static readonly ImmutableHashSet<string> s_elementwise = ImmutableHashSet.Create(
            "abs", "square", "sqrt", "pow", "exp", "log", "log1p", "log2", "log10", "neg", "nan_to_num", "clone", "detach", "contiguous", "to", "to_type", "float", "double", "half", "cpu", "cuda");

        /// <summary>The tensor a statistic is taken over, looking through element-wise maps of it.</summary>
        private static IOperation WholeTensorBehind(IOperation data, TorchSymbols torch)
        {
            var current = data.Unwrap();
            while (current is IInvocationOperation { Instance: { } instance } map && s_elementwise.Contains(map.TargetMethod.Name) && torch.IsTensor(map.TargetMethod.ContainingType))
                current = instance.Unwrap();
            return current;
        }

        private static bool UsedToScale(IInvocationOperation stat, IOperation root)
        {
            for (var parent = stat.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract or BinaryOperatorKind.Divide })
                    return true;
                if (parent is IInvocationOperation { TargetMethod.Name: "sub" or "div" or "sub_" or "div_" })
                    return true;
                if (parent is IVariableDeclaratorOperation declarator)
                    return ScalesWith(declarator.Symbol, root);
                // `var (maxValues, _) = x.max(0)`: min/max along a dimension return (values, indexes); the values are the statistic.
                if (parent is IDeconstructionAssignmentOperation deconstruction)
                    return DeclaredLocals(deconstruction.Target).Any(local => ScalesWith(local, root));
                if (parent is IExpressionStatementOperation or IBlockOperation)
                    return false;
            }

            return false;
        }

        private static bool ScalesWith(ILocalSymbol local, IOperation root)
        {
            return ValueTracker.ReferencesTo(root, local).Any(r => r.Parent is IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract or BinaryOperatorKind.Divide }
                || r.Parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "sub" or "div" or "sub_" or "div_" } }
                || r.Parent?.Parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "sub" or "div" or "sub_" or "div_" } });
        }

        private static IEnumerable<ILocalSymbol> DeclaredLocals(IOperation target)
        {
            return target.DescendantsAndSelf().OfType<ILocalReferenceOperation>().Select(r => r.Local);
        }

        private static bool IsSplit(IInvocationOperation invocation, TorchSymbols torch)
        {
            var name = invocation.TargetMethod.Name;
            if (name is "split" or "tensor_split" or "chunk" or "narrow" or "slice" or "index_select" or "random_split")
                return torch.IsTorchApi(invocation.TargetMethod);
            return false;
        }

        /// <summary>`x[TensorIndex.Slice(...)]` or `x[a..b]`: a row range cut out of a tensor.</summary>
        private static bool IsSliceIndexer(IPropertyReferenceOperation indexer, TorchSymbols torch)
        {
            if (!indexer.Property.IsIndexer || indexer.Instance is null || !torch.IsTensor(indexer.Instance.Type))
                return false;
            return indexer.Arguments.Any(a => a.Value.DescendantsAndSelf().Any(o => o is IRangeOperation || (o is IInvocationOperation { TargetMethod.Name: "Slice" } slice && slice.TargetMethod.ContainingType?.Name == "TensorIndex")));
        }

        private static bool SplitSourceDerivesFrom(IInvocationOperation split, ISymbol data, IOperation root)
        {
            var source = split.Instance ?? split.Arguments.FirstOrDefault()?.Value;
            return source is not null && SourceDerivesFrom(source, data, root, split.Position());
        }

        private static bool SourceDerivesFrom(IOperation source, ISymbol data, IOperation root, int position)
        {
            switch (source.Unwrap())
            {
                case IParameterReferenceOperation parameter:
                    return SymbolEqualityComparer.Default.Equals(parameter.Parameter, data);
                case ILocalReferenceOperation local:
                    if (SymbolEqualityComparer.Default.Equals(local.Local, data))
                        return true;
                    var definition = ValueTracker.FindLastAssignmentBefore(root, local.Local, position);
                    return definition is not null && definition.DescendantsAndSelf().Any(r =>
                        (r is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, data))
                        || (r is IParameterReferenceOperation p && SymbolEqualityComparer.Default.Equals(p.Parameter, data)));
                default:
                    return false;
            }
        }
    }
}
