using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PmCopilot.Analyzers.Infrastructure
{
    internal enum StepKind
    {
        Unknown,
        Trainer,
        ScalingSensitiveTrainer,
        Normalizer,
        BoundedFeaturizer,
        Concatenate,
        PassThrough,
        OtherTransform,
    }

    /// <summary>One estimator of an ML.NET pipeline with the columns it reads and writes when they are constants.</summary>
    internal sealed class PipelineStep
    {
        public PipelineStep(StepKind kind, IOperation? operation, string? outputColumn, IReadOnlyList<string>? inputColumns, bool columnsKnown)
        {
            Kind = kind;
            Operation = operation;
            OutputColumn = outputColumn;
            InputColumns = inputColumns ?? new string[0];
            ColumnsKnown = columnsKnown;
        }

        public StepKind Kind { get; }
        public IOperation? Operation { get; }
        public string? OutputColumn { get; }
        public IReadOnlyList<string> InputColumns { get; }
        public bool ColumnsKnown { get; }

        /// <summary>Output/input pairs for multi-column normalizers (InputOutputColumnPair[]).</summary>
        public IReadOnlyList<KeyValuePair<string, string>> ExtraPairs { get; set; } = new KeyValuePair<string, string>[0];

        public bool Writes(string column) => OutputColumn == column || ExtraPairs.Any(p => p.Key == column);

        public static PipelineStep Unknown(IOperation? operation) => new PipelineStep(StepKind.Unknown, operation, null, null, false);
    }

    internal enum Scaling
    {
        Scaled,
        NotScaled,
        Unknown,
    }

    /// <summary>Reconstructs ML.NET estimator chains built with Append over locals, fields, helpers and several statements.</summary>
    internal sealed class MlPipeline
    {
        private static readonly HashSet<string> ScalingSensitiveTrainerNames = new HashSet<string>
        {
            "Sdca", "SdcaLogisticRegression", "SdcaMaximumEntropy", "SdcaNonCalibrated",
            "LbfgsLogisticRegression", "LbfgsMaximumEntropy", "LbfgsPoissonRegression",
            "AveragedPerceptron", "LinearSvm", "OnlineGradientDescent", "SgdCalibrated", "SgdNonCalibrated",
        };

        private static readonly HashSet<string> NormalizerNames = new HashSet<string>
        {
            "NormalizeMinMax", "NormalizeMeanVariance", "NormalizeLogMeanVariance", "NormalizeBinning", "NormalizeSupervisedBinning",
            "NormalizeRobustScaling", "NormalizeLpNorm", "NormalizeGlobalContrast", "Normalize",
        };

        /// <summary>Normalizers that learn statistics from the data they are fitted on (row-wise LpNorm/GlobalContrast do not).</summary>
        public static readonly HashSet<string> StatisticalNormalizerNames = new HashSet<string>
        {
            "NormalizeMinMax", "NormalizeMeanVariance", "NormalizeLogMeanVariance", "NormalizeBinning", "NormalizeSupervisedBinning", "NormalizeRobustScaling", "Normalize",
        };

        private static readonly HashSet<string> BoundedFeaturizerNames = new HashSet<string>
        {
            "FeaturizeText", "OneHotEncoding", "OneHotHashEncoding", "ProduceWordBags", "ProduceHashedWordBags", "ProduceNgrams", "ProduceHashedNgrams",
            "MapKeyToVector", "MapKeyToBinaryVector", "LatentDirichletAllocation", "IndicateMissingValues", "ApplyWordEmbedding", "ProjectToPrincipalComponents",
        };

        private static readonly HashSet<string> PassThroughNames = new HashSet<string>
        {
            "CopyColumns", "ConvertType", "ReplaceMissingValues",
        };

        private static readonly HashSet<string> ColumnNeutralNames = new HashSet<string>
        {
            "DropColumns", "SelectColumns", "AppendCacheCheckpoint",
        };

        private readonly MlSymbols _symbols;

        public MlPipeline(MlSymbols symbols)
        {
            _symbols = symbols;
        }

        public bool IsScalingSensitiveTrainer(IMethodSymbol method)
        {
            var type = method.ContainingType;
            if (SymbolEqualityComparer.Default.Equals(type, _symbols.StandardTrainersCatalog))
                return ScalingSensitiveTrainerNames.Contains(method.Name);
            return SymbolEqualityComparer.Default.Equals(type, _symbols.KMeansClusteringExtensions) && method.Name == "KMeans";
        }

        public bool IsPca(IMethodSymbol method) => method.Name == "ProjectToPrincipalComponents" && SymbolEqualityComparer.Default.Equals(method.ContainingType, _symbols.PcaCatalog);

        public bool IsNormalizer(IMethodSymbol method) => NormalizerNames.Contains(method.Name) && SymbolEqualityComparer.Default.Equals(method.ContainingType, _symbols.NormalizationCatalog);

        /// <summary>Flattens the estimator the operation evaluates to into ordered steps; <paramref name="complete"/> is false when part of it could not be followed.</summary>
        public List<PipelineStep> GetSteps(IOperation operation, out bool complete, int depth = 0)
        {
            var steps = new List<PipelineStep>();
            complete = Collect(operation, steps, depth);
            return steps;
        }

        private bool Collect(IOperation operation, List<PipelineStep> steps, int depth)
        {
            if (depth > 12)
            {
                steps.Add(PipelineStep.Unknown(operation));
                return false;
            }

            var current = operation.Unwrap();
            switch (current)
            {
                case IInvocationOperation invocation when _symbols.IsAppend(invocation.TargetMethod):
                    var start = invocation.GetThisArgument();
                    var appended = invocation.GetArgument("estimator") ?? invocation.GetArgument("transformer");
                    if (start is null || appended is null)
                    {
                        steps.Add(PipelineStep.Unknown(invocation));
                        return false;
                    }

                    var startComplete = Collect(start, steps, depth + 1);
                    var appendedComplete = Collect(appended, steps, depth + 1);
                    return startComplete && appendedComplete;
                case IInvocationOperation invocation when IsMlCatalogMethod(invocation.TargetMethod):
                    steps.Add(Describe(invocation));
                    return true;
                case IObjectCreationOperation creation when creation.Constructor is { } ctor
                    && SymbolEqualityComparer.Default.Equals(ctor.ContainingType.OriginalDefinition, _symbols.EstimatorChain) && creation.Arguments.Length == 0:
                    return true;
                default:
                    var next = ValueTracker.Step(current);
                    if (next is null)
                    {
                        steps.Add(PipelineStep.Unknown(current));
                        return false;
                    }

                    return Collect(next, steps, depth + 1);
            }
        }

        private bool IsMlCatalogMethod(IMethodSymbol method)
        {
            var ns = method.ContainingType?.ContainingNamespace?.ToDisplayString();
            if (ns is null || !(ns == "Microsoft.ML" || ns.StartsWith("Microsoft.ML.", System.StringComparison.Ordinal)))
                return false;
            var returnType = method.ReturnType;
            return returnType.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, _symbols.IEstimator))
                || SymbolEqualityComparer.Default.Equals(returnType.OriginalDefinition, _symbols.IEstimator);
        }

        public PipelineStep Describe(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            var name = method.Name;
            if (IsScalingSensitiveTrainer(method))
                return new PipelineStep(StepKind.ScalingSensitiveTrainer, invocation, null, FeatureColumnOf(invocation) is { } f ? new[] { f } : null, FeatureColumnOf(invocation) is not null);
            if (method.ContainingType.Name.EndsWith("Trainers", System.StringComparison.Ordinal) || method.ReturnType.Name.EndsWith("Trainer", System.StringComparison.Ordinal) || invocation.GetThisArgument()?.Type?.Name.EndsWith("Trainers", System.StringComparison.Ordinal) == true)
                return new PipelineStep(StepKind.Trainer, invocation, null, null, true);

            StepKind kind;
            if (IsNormalizer(method))
                kind = StepKind.Normalizer;
            else if (BoundedFeaturizerNames.Contains(name))
                kind = StepKind.BoundedFeaturizer;
            else if (name == "Concatenate")
                kind = StepKind.Concatenate;
            else if (PassThroughNames.Contains(name))
                kind = StepKind.PassThrough;
            else if (ColumnNeutralNames.Contains(name))
                return new PipelineStep(StepKind.OtherTransform, invocation, null, null, true);
            else
                kind = StepKind.OtherTransform;

            if (name == "Concatenate")
            {
                var known = invocation.TryGetStringArgument("outputColumnName", out var output);
                var inputs = StringArray(invocation.GetArgument("inputColumnNames"));
                return new PipelineStep(kind, invocation, output, inputs, known && output is not null && inputs is not null);
            }

            if (invocation.HasParameter("outputColumnName"))
            {
                var knownOutput = invocation.TryGetStringArgument("outputColumnName", out var output);
                string? input = null;
                var knownInput = !invocation.HasParameter("inputColumnName") || invocation.TryGetStringArgument("inputColumnName", out input);
                input ??= output;
                return new PipelineStep(kind, invocation, output, input is null ? null : new[] { input }, knownOutput && knownInput && output is not null);
            }

            if (invocation.HasParameter("columns"))
            {
                var pairs = ColumnPairs(invocation.GetArgument("columns"));
                if (pairs is null)
                    return new PipelineStep(kind, invocation, null, null, false);
                return new PipelineStep(kind, invocation, pairs.Count > 0 ? pairs[0].Key : null, pairs.Select(p => p.Value).ToList(), true) { ExtraPairs = pairs };
            }

            return new PipelineStep(kind, invocation, null, null, false);
        }

        /// <summary>The trainer's feature column (named argument, options initializer, or the "Features" default).</summary>
        public static string? FeatureColumnOf(IInvocationOperation trainer)
        {
            if (trainer.HasParameter("featureColumnName"))
                return trainer.TryGetStringArgument("featureColumnName", out var value) ? value : null;
            if (trainer.HasParameter("inputColumnName"))
            {
                if (trainer.TryGetStringArgument("inputColumnName", out var input) && input is not null)
                    return input;
                return trainer.TryGetStringArgument("outputColumnName", out var output) ? output : null;
            }

            var options = trainer.GetArgument("options");
            if (options is null)
                return "Features";
            var resolved = ValueTracker.Resolve(options);
            if (resolved is IObjectCreationOperation creation)
            {
                if (creation.Initializer is null)
                    return "Features";
                foreach (var initializer in creation.Initializer.Initializers)
                {
                    if (initializer is ISimpleAssignmentOperation { Target: IMemberReferenceOperation member } assignment && member.Member.Name == "FeatureColumnName")
                        return assignment.Value.ConstantValue.HasValue ? assignment.Value.ConstantValue.Value as string : null;
                }

                return "Features";
            }

            return null;
        }

        private static List<string>? StringArray(IOperation? operation)
        {
            if (operation is null)
                return null;
            var value = ValueTracker.Resolve(operation);
            var elements = value switch
            {
                IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues,
                ICollectionExpressionOperation collection => collection.Elements,
                _ => (ImmutableArray<IOperation>?)null,
            };
            if (elements is { } values)
            {
                var result = new List<string>();
                foreach (var element in values)
                {
                    if (element.ConstantValue.HasValue && element.ConstantValue.Value is string s)
                        result.Add(s);
                    else
                        return null;
                }

                return result;
            }

            if (value.ConstantValue.HasValue && value.ConstantValue.Value is string single)
                return new List<string> { single };
            return null;
        }

        private static List<KeyValuePair<string, string>>? ColumnPairs(IOperation? operation)
        {
            if (operation is null)
                return null;
            var value = ValueTracker.Resolve(operation);
            if (value is not IArrayCreationOperation { Initializer: { } initializer })
                return null;
            var result = new List<KeyValuePair<string, string>>();
            foreach (var element in initializer.ElementValues)
            {
                if (element.Unwrap() is not IObjectCreationOperation creation || creation.Arguments.Length == 0)
                    return null;
                var outputArgument = creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "outputColumnName");
                var input = creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "inputColumnName");
                if (outputArgument is null || !outputArgument.Value.ConstantValue.HasValue || outputArgument.Value.ConstantValue.Value is not string outputName)
                    return null;
                var inputName = outputName;
                if (input is not null && input.ArgumentKind != ArgumentKind.DefaultValue)
                {
                    if (!input.Value.ConstantValue.HasValue || input.Value.ConstantValue.Value is not string explicitInput)
                        return null;
                    inputName = explicitInput;
                }

                result.Add(new KeyValuePair<string, string>(outputName, inputName));
            }

            return result;
        }

        /// <summary>Whether <paramref name="column"/> is scaled when read by the step at <paramref name="beforeIndex"/>.</summary>
        public static Scaling ColumnScaling(IReadOnlyList<PipelineStep> steps, int beforeIndex, string column, int depth = 0)
        {
            if (depth > 20)
                return Scaling.Unknown;
            for (var i = beforeIndex - 1; i >= 0; i--)
            {
                var step = steps[i];
                if (step.Kind == StepKind.Unknown)
                    return Scaling.Unknown;
                if (step.Kind is StepKind.Trainer or StepKind.ScalingSensitiveTrainer)
                    continue;
                if (!step.ColumnsKnown)
                {
                    if (step.Kind == StepKind.OtherTransform && step.OutputColumn is null && step.Operation is IInvocationOperation { TargetMethod.Name: "DropColumns" or "SelectColumns" or "AppendCacheCheckpoint" })
                        continue;
                    // A normalizer on columns we cannot name may be the one that scales this column.
                    return Scaling.Unknown;
                }

                if (!step.Writes(column))
                    continue;
                switch (step.Kind)
                {
                    case StepKind.Normalizer:
                    case StepKind.BoundedFeaturizer:
                        return Scaling.Scaled;
                    case StepKind.PassThrough:
                        var source = step.ExtraPairs.FirstOrDefault(p => p.Key == column).Value ?? step.InputColumns.FirstOrDefault();
                        return source is null ? Scaling.Unknown : ColumnScaling(steps, i, source, depth + 1);
                    case StepKind.Concatenate:
                        var result = Scaling.Scaled;
                        foreach (var input in step.InputColumns)
                        {
                            var inputScaling = ColumnScaling(steps, i, input, depth + 1);
                            if (inputScaling == Scaling.Unknown)
                                return Scaling.Unknown;
                            if (inputScaling == Scaling.NotScaled)
                                result = Scaling.NotScaled;
                        }

                        return result;
                    default:
                        return Scaling.Unknown;
                }
            }

            // Not produced by the pipeline: it comes from the data as loaded.
            return Scaling.NotScaled;
        }
    }
}
