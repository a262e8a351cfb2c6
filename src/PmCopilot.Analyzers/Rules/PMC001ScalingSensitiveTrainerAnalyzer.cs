using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PmCopilot.Analyzers.Infrastructure;

namespace PmCopilot.Analyzers.Rules
{
    /// <summary>PMC001: a trainer that assumes scaled features (SDCA, L-BFGS, perceptron, SVM, SGD, KMeans, PCA) gets a feature column no normalizer touched.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PMC001ScalingSensitiveTrainerAnalyzer : DiagnosticAnalyzer
    {
        public const string FeatureColumnProperty = "FeatureColumn";
        public const string ContextExpressionProperty = "ContextExpression";
        public const string AppendArgumentStartProperty = "AppendArgumentStart";

        internal static readonly DiagnosticDescriptor Rule = RuleHelp.Create(
            RuleIdentifiers.ScalingSensitiveTrainerWithoutNormalization,
            title: "Scaling-sensitive trainer without normalization",
            messageFormat: "'{0}' is sensitive to feature scale but column '{1}' is never normalized; add a Normalize* transform such as NormalizeMinMax on it before the trainer",
            RuleCategories.DataPreparation,
            DiagnosticSeverity.Warning,
            description: "Linear, SVM, SGD, k-means and PCA learners converge badly or weigh features by their units when the features are not normalized.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule, TorchRule);

        internal static readonly DiagnosticDescriptor TorchRule = RuleHelp.Create(
            RuleIdentifiers.ScalingSensitiveTrainerWithoutNormalization,
            title: "Scaling-sensitive trainer without normalization",
            messageFormat: "Tensor '{0}' is built from raw values and fed to Linear layers without standardization; subtract the mean and divide by the standard deviation of the training data first",
            RuleCategories.DataPreparation,
            DiagnosticSeverity.Warning,
            description: "Linear layers trained by gradient descent on raw, unscaled inputs converge slowly or diverge.");

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
                    start.RegisterOperationAction(c => AnalyzeInvocation(c, ml, pipeline), OperationKind.Invocation);
                }

                var torch = TorchSymbols.TryCreate(start.Compilation);
                if (torch is not null)
                    start.RegisterOperationBlockAction(c => TorchFeatureScaling.Analyze(c, torch, TorchRule));
            });
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, MlSymbols ml, MlPipeline pipeline)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (pipeline.IsScalingSensitiveTrainer(method) || pipeline.IsPca(method))
            {
                AnalyzeTrainer(context, ml, pipeline, invocation, reportAt: invocation);
                return;
            }

            // A trainer built by a helper method or held in a field is judged where it is appended.
            if (ml.IsAppend(method) && (invocation.GetArgument("estimator") is { } argument))
            {
                var resolved = ValueTracker.Resolve(argument);
                if (resolved is IInvocationOperation trainer && !trainer.IsInside(invocation.GetRoot())
                    && (pipeline.IsScalingSensitiveTrainer(trainer.TargetMethod) || pipeline.IsPca(trainer.TargetMethod)))
                {
                    var verdict = JudgeAppend(ml, pipeline, invocation, trainer);
                    if (verdict == Scaling.NotScaled)
                        Report(context, trainer, argument, invocation, argument);
                }
            }
        }

        private static void AnalyzeTrainer(OperationAnalysisContext context, MlSymbols ml, MlPipeline pipeline, IInvocationOperation trainer, IOperation reportAt)
        {
            var verdicts = new List<Scaling>();
            IInvocationOperation? firstAppend = null;
            IOperation? firstAppendArgument = null;
            foreach (var use in UsesOf(trainer))
            {
                var parent = use.Parent;
                while (parent is IConversionOperation or IParenthesizedOperation)
                    parent = parent.Parent;
                if (parent is IArgumentOperation { Parent: IInvocationOperation append } arg && ml.IsAppend(append.TargetMethod) && arg.Parameter?.Name == "estimator")
                {
                    verdicts.Add(JudgeAppend(ml, pipeline, append, trainer));
                    if (firstAppend is null)
                    {
                        firstAppend = append;
                        firstAppendArgument = arg.Value;
                    }
                }
                else if (parent is IInvocationOperation fit && fit.Instance is not null && fit.Instance.Unwrap() == use && ml.IsFit(fit.TargetMethod) && fit.Arguments.Length >= 1)
                {
                    var steps = DataPrefix(ml, pipeline, fit.Arguments[0].Value, 0);
                    steps.Add(pipeline.Describe(trainer));
                    verdicts.Add(Judge(steps, steps.Count - 1, trainer));
                }
            }

            if (verdicts.Count > 0 && verdicts.Contains(Scaling.NotScaled) && !verdicts.Contains(Scaling.Scaled))
                Report(context, trainer, reportAt, firstAppend, firstAppendArgument);
        }

        /// <summary>The trainer expression itself and every later read of the local it is stored in.</summary>
        private static IEnumerable<IOperation> UsesOf(IInvocationOperation trainer)
        {
            yield return trainer;
            var parent = trainer.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation)
                parent = parent.Parent;
            ILocalSymbol? local = null;
            if (parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
                local = declarator.Symbol;
            else if (parent is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target })
                local = target.Local;
            if (local is null)
                yield break;
            foreach (var reference in ValueTracker.ReferencesTo(trainer.GetRoot(), local))
            {
                if (reference.Position() > trainer.Position() && ValueTracker.Resolve(reference) == trainer)
                    yield return reference;
            }
        }

        private static Scaling JudgeAppend(MlSymbols ml, MlPipeline pipeline, IInvocationOperation append, IInvocationOperation trainer)
        {
            var steps = pipeline.GetSteps(append, out _);
            var index = steps.FindLastIndex(s => s.Operation == trainer);
            if (index < 0)
                return Scaling.Unknown;
            var verdict = Judge(steps, index, trainer);
            if (verdict != Scaling.NotScaled)
                return verdict;

            // The pipeline may be fitted on data that an earlier pipeline already scaled.
            foreach (var fit in FitsOf(ml, append))
            {
                var prefix = DataPrefix(ml, pipeline, fit.Arguments[0].Value, 0);
                if (prefix.Count == 0)
                    continue;
                prefix.AddRange(steps);
                var withData = Judge(prefix, index + prefix.Count - steps.Count, trainer);
                if (withData != Scaling.NotScaled)
                    return withData;
            }

            return verdict;
        }

        private static Scaling Judge(List<PipelineStep> steps, int index, IInvocationOperation trainer)
        {
            var column = MlPipeline.FeatureColumnOf(trainer);
            if (column is null)
                return steps.Take(index).Any(s => s.Kind == StepKind.Normalizer) ? Scaling.Scaled : Scaling.Unknown;
            return MlPipeline.ColumnScaling(steps, index, column);
        }

        private static IEnumerable<IInvocationOperation> FitsOf(MlSymbols ml, IInvocationOperation pipelineExpression)
        {
            var root = pipelineExpression.GetRoot();
            foreach (var invocation in root.Invocations())
            {
                if (!ml.IsFit(invocation.TargetMethod) || invocation.Instance is null || invocation.Arguments.Length == 0)
                    continue;
                var instance = invocation.Instance.Unwrap();
                if (instance == pipelineExpression || (instance is ILocalReferenceOperation && ValueTracker.Resolve(instance) == pipelineExpression))
                    yield return invocation;
            }
        }

        /// <summary>Transforms already applied to a data view: `model.Transform(data)` where `model = estimator.Fit(...)`.</summary>
        internal static List<PipelineStep> DataPrefix(MlSymbols ml, MlPipeline pipeline, IOperation data, int depth)
        {
            var resolved = ValueTracker.Resolve(data);
            if (depth < 4 && resolved is IInvocationOperation transform && ml.IsTransform(transform.TargetMethod) && transform.Instance is not null)
            {
                var model = ValueTracker.Resolve(transform.Instance);
                if (model is IInvocationOperation fit && ml.IsFit(fit.TargetMethod) && fit.Instance is not null && fit.Arguments.Length > 0)
                {
                    var prefix = DataPrefix(ml, pipeline, fit.Arguments[0].Value, depth + 1);
                    prefix.AddRange(pipeline.GetSteps(fit.Instance, out _));
                    return prefix;
                }

                return new List<PipelineStep> { PipelineStep.Unknown(model) };
            }

            if (resolved is IMemberReferenceOperation { Member.Name: "TrainSet" or "TestSet", Instance: { } split })
            {
                var splitValue = ValueTracker.Resolve(split);
                if (splitValue is IInvocationOperation { TargetMethod.Name: "TrainTestSplit" } splitCall && splitCall.GetArgument("data") is { } splitData)
                    return DataPrefix(ml, pipeline, splitData, depth + 1);
                if (CrossValidationSplitOf(split) is { } folds && folds.GetArgument("data") is { } foldData)
                    return DataPrefix(ml, pipeline, foldData, depth + 1);
            }

            return new List<PipelineStep>();
        }

        /// <summary>The `CrossValidationSplit(...)` a fold comes from: `foreach (var fold in folds)` or `folds[i]`.</summary>
        private static IInvocationOperation? CrossValidationSplitOf(IOperation fold)
        {
            IOperation? collection = null;
            var unwrapped = fold.Unwrap();
            if (unwrapped is ILocalReferenceOperation local)
            {
                for (var current = fold.Parent; current is not null && collection is null; current = current.Parent)
                {
                    if (current is IForEachLoopOperation loop && loop.Locals.Contains(local.Local, SymbolEqualityComparer.Default))
                        collection = loop.Collection;
                }

                if (collection is null && ValueTracker.Resolve(fold).Unwrap() is IPropertyReferenceOperation { Property.IsIndexer: true } or IArrayElementReferenceOperation)
                    unwrapped = ValueTracker.Resolve(fold).Unwrap();
            }

            collection ??= unwrapped switch
            {
                IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } list } => list,
                IArrayElementReferenceOperation element => element.ArrayReference,
                _ => null,
            };
            if (collection is null)
                return null;
            var value = ValueTracker.Resolve(collection.Unwrap()).Unwrap();
            if (value is IInvocationOperation { TargetMethod.Name: "ToList" or "ToArray" } materialized)
                value = ValueTracker.Resolve((materialized.Instance ?? materialized.Arguments.FirstOrDefault()?.Value)?.Unwrap() ?? materialized).Unwrap();
            return value is IInvocationOperation { TargetMethod.Name: "CrossValidationSplit" } split ? split : null;
        }

        private static void Report(OperationAnalysisContext context, IInvocationOperation trainer, IOperation reportAt, IInvocationOperation? append, IOperation? appendArgument)
        {
            var column = MlPipeline.FeatureColumnOf(trainer) ?? "Features";
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[FeatureColumnProperty] = column;
            if (MlContextExpression(trainer) is { } contextSyntax && trainer.Syntax.SyntaxTree == reportAt.Syntax.SyntaxTree)
                properties[ContextExpressionProperty] = contextSyntax;
            if (append is not null && appendArgument is not null && append.Syntax.SyntaxTree == reportAt.Syntax.SyntaxTree)
                properties[AppendArgumentStartProperty] = appendArgument.Syntax.SpanStart.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.ReportDiagnostic(Diagnostic.Create(Rule, reportAt.Syntax.GetLocation(), properties.ToImmutable(), trainer.TargetMethod.Name, column));
        }

        /// <summary>`ml` in `ml.BinaryClassification.Trainers.Sdca(...)`, so a fix can write `ml.Transforms.NormalizeMinMax(...)`.</summary>
        private static string? MlContextExpression(IInvocationOperation trainer)
        {
            var current = trainer.GetThisArgument()?.Unwrap();
            for (var i = 0; i < 4 && current is not null; i++)
            {
                if (current.Type?.Name == "MLContext")
                    return current.Syntax.ToString();
                current = current switch
                {
                    IPropertyReferenceOperation property => property.Instance?.Unwrap(),
                    IFieldReferenceOperation field => field.Instance?.Unwrap(),
                    _ => null,
                };
            }

            return null;
        }
    }
}
