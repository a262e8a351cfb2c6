using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PmCopilot.Analyzers.Infrastructure;

namespace PmCopilot.Analyzers.Rules
{
    /// <summary>PMC003: the data a model was trained on is the data it is evaluated on, and no held-out data is evaluated.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PMC003EvaluatedOnTrainingDataAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = RuleHelp.Create(
            RuleIdentifiers.EvaluatedOnTrainingData,
            title: "Model evaluated on its training data",
            messageFormat: "The model is evaluated on '{0}', the same data it was trained on; hold out a test set (TrainTestSplit) and evaluate on that",
            RuleCategories.Evaluation,
            DiagnosticSeverity.Warning,
            description: "Metrics computed on the training data measure memorization, not generalization; they overstate how the model does on new data.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var ml = MlSymbols.TryCreate(start.Compilation);
                var torch = TorchSymbols.TryCreate(start.Compilation);
                if (ml is null && torch is null)
                    return;
                start.RegisterOperationBlockAction(c =>
                {
                    if (ml is not null)
                        AnalyzeMl(c, ml);
                    if (torch is not null)
                        AnalyzeTorch(c, torch);
                });
            });
        }

        private static void AnalyzeMl(OperationBlockAnalysisContext context, MlSymbols ml)
        {
            foreach (var root in context.OperationBlocks)
            {
                var onTraining = new List<(IInvocationOperation Evaluate, string Data)>();
                var heldOut = false;
                foreach (var evaluate in root.Invocations())
                {
                    var method = evaluate.TargetMethod;
                    if (method.Name == "CrossValidate" && ml.IsEvaluateCatalog(method.ContainingType))
                        heldOut = true;
                    // Clustering and anomaly detection are unsupervised: scoring the fitted data is their normal use.
                    if (SymbolEqualityComparer.Default.Equals(method.ContainingType, ml.ClusteringCatalog) || SymbolEqualityComparer.Default.Equals(method.ContainingType, ml.AnomalyDetectionCatalog))
                        continue;
                    if (!method.Name.StartsWith("Evaluate", System.StringComparison.Ordinal) || !ml.IsEvaluateCatalog(method.ContainingType))
                        continue;
                    var data = evaluate.GetArgument("data");
                    if (data is null)
                        continue;
                    var verdict = Compare(data, ml, out var name);
                    if (verdict == true)
                        onTraining.Add((evaluate, name));
                    else if (verdict == false)
                        heldOut = true;
                }

                if (heldOut)
                    continue;
                foreach (var (evaluate, name) in onTraining)
                    context.ReportDiagnostic(Diagnostic.Create(Rule, evaluate.Syntax.GetLocation(), name));
            }
        }

        /// <summary>true: scored data is the training data; false: it is other data; null: cannot tell.</summary>
        private static bool? Compare(IOperation scored, MlSymbols ml, out string name)
        {
            name = string.Empty;
            if (ValueTracker.Resolve(scored) is not IInvocationOperation transform || !ml.IsTransform(transform.TargetMethod) || transform.Instance is null)
                return null;
            IInvocationOperation? helperCall = null;
            var producer = transform.Instance.Unwrap();
            for (var i = 0; i < ValueTracker.MaxDepth; i++)
            {
                if (producer is IInvocationOperation call && ValueTracker.IsSourceHelper(call.TargetMethod))
                    helperCall = call;
                var next = ValueTracker.Step(producer);
                if (next is null)
                    break;
                producer = next.Unwrap();
            }

            if (producer is not IInvocationOperation fit || !ml.IsFit(fit.TargetMethod) || fit.Arguments.Length == 0)
                return null;
            var trainedOn = fit.Arguments[0].Value;
            // `model = TrainModel(ml, data)` fits on its parameter: the data it trained on is the caller's argument.
            if (helperCall is not null && trainedOn.Unwrap() is IParameterReferenceOperation parameter
                && SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, helperCall.TargetMethod)
                && helperCall.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter, parameter.Parameter)) is { } argument)
                trainedOn = argument.Value;
            var scoredOn = transform.Arguments[0].Value;
            var trainedKey = DataKey(trainedOn);
            var scoredKey = DataKey(scoredOn);
            if (trainedKey is null || scoredKey is null)
                return null;
            name = scoredOn.Syntax.ToString();
            return trainedKey == scoredKey;
        }

        /// <summary>Where a data view comes from: the storage it is read from, or the split property it names.</summary>
        private static string? DataKey(IOperation data)
        {
            var current = data.Unwrap();
            for (var i = 0; i < ValueTracker.MaxDepth; i++)
            {
                if (current is IMemberReferenceOperation { Member.Name: "TrainSet" or "TestSet" } member && member.Instance is not null)
                {
                    var split = ValueTracker.StorageKey(member.Instance) ?? member.Instance.Syntax.ToString();
                    return member.Member.Name + "/" + split;
                }

                if (current is ILocalReferenceOperation && ValueTracker.Step(current) is { } assigned)
                {
                    var next = assigned.Unwrap();
                    if (next is IMemberReferenceOperation or ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation)
                    {
                        current = next;
                        continue;
                    }
                }

                return ValueTracker.StorageKey(current);
            }

            return null;
        }

        private static void AnalyzeTorch(OperationBlockAnalysisContext context, TorchSymbols torch)
        {
            foreach (var root in context.OperationBlocks)
            {
                var calls = TorchFacts.ModelCalls(root, torch).ToList();
                if (calls.Count == 0)
                    continue;
                var trainingInputs = new Dictionary<string, HashSet<string>>();
                var evaluations = new List<(IInvocationOperation Call, string Module, string Input)>();
                foreach (var call in calls)
                {
                    if (call.Arguments.Length == 0)
                        continue;
                    var moduleKey = ValueTracker.StorageKey(call.Instance!);
                    var inputKey = BaseTensorKey(call.Arguments[0].Value, torch);
                    if (moduleKey is null || inputKey is null)
                        continue;
                    var evaluation = EvaluationContext.For(call, torch);
                    if (evaluation is null)
                        continue;
                    if (evaluation.InTrainingLoop && !evaluation.UnderNoGrad && evaluation.ModeBefore != true)
                    {
                        if (!trainingInputs.TryGetValue(moduleKey, out var set))
                            trainingInputs[moduleKey] = set = new HashSet<string>();
                        set.Add(inputKey);
                    }
                    else if (evaluation.IsEvaluation)
                    {
                        evaluations.Add((call, moduleKey, inputKey));
                    }
                }

                foreach (var group in evaluations.GroupBy(e => e.Module))
                {
                    if (!trainingInputs.TryGetValue(group.Key, out var trained))
                        continue;
                    if (group.Any(e => !trained.Contains(e.Input)))
                        continue;
                    var first = group.First();
                    context.ReportDiagnostic(Diagnostic.Create(Rule, first.Call.Syntax.GetLocation(), first.Call.Arguments[0].Value.Syntax.ToString()));
                }
            }
        }

        private static string? BaseTensorKey(IOperation value, TorchSymbols torch)
        {
            var current = value.Unwrap();
            for (var i = 0; i < 8; i++)
            {
                IOperation? next = current switch
                {
                    IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } indexed } when torch.IsTensor(indexed.Type) => indexed,
                    IInvocationOperation { TargetMethod.Name: "index" or "index_select" or "narrow" or "slice" or "to" or "cuda" or "cpu" or "view" or "reshape", Instance: { } instance } when torch.IsTensor(instance.Type) => instance,
                    _ => null,
                };
                if (next is null && current is ILocalReferenceOperation local && ValueTracker.Step(local) is { } assigned && IsSlicing(assigned.Unwrap(), torch))
                {
                    // `var batch = x[idx]` leads to x; `var x = torch.tensor(...).reshape(...)` stays x.
                    var origin = BaseTensorKey(assigned, torch);
                    return origin ?? ValueTracker.StorageKey(local);
                }

                if (next is null)
                    break;
                if (IsFixedSlice(current, torch))
                {
                    // `x.narrow(0, 0, n)` and `x.narrow(0, n, rows - n)` are different rows; only a slice that moves with a loop is "the same data".
                    var baseKey = BaseTensorKey(next, torch);
                    return baseKey is null ? null : baseKey + "[" + SliceArguments(current) + "]";
                }

                current = next.Unwrap();
            }

            return ValueTracker.StorageKey(current);
        }

        private static bool IsFixedSlice(IOperation operation, TorchSymbols torch)
        {
            var isSlice = operation switch
            {
                IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } indexed } => torch.IsTensor(indexed.Type),
                IInvocationOperation { TargetMethod.Name: "index" or "index_select" or "narrow" or "slice", Instance: { } instance } => torch.IsTensor(instance.Type),
                _ => false,
            };
            if (!isSlice)
                return false;
            var loops = operation.EnclosingLoops().Select(l => l.Syntax).ToList();
            if (loops.Count == 0)
                return true;
            var arguments = operation switch
            {
                IPropertyReferenceOperation property => property.Arguments,
                IInvocationOperation invocation => invocation.Arguments,
                _ => ImmutableArray<IArgumentOperation>.Empty,
            };
            foreach (var reference in arguments.SelectMany(a => a.DescendantsAndSelf()).OfType<ILocalReferenceOperation>())
            {
                foreach (var declaration in reference.Local.DeclaringSyntaxReferences)
                {
                    if (loops.Any(loop => loop.SyntaxTree == declaration.SyntaxTree && loop.Span.Contains(declaration.Span)))
                        return false;
                }
            }

            return true;
        }

        private static string SliceArguments(IOperation operation)
        {
            var arguments = operation switch
            {
                IPropertyReferenceOperation property => property.Arguments,
                IInvocationOperation invocation => invocation.Arguments,
                _ => ImmutableArray<IArgumentOperation>.Empty,
            };
            return string.Join(",", arguments.Select(a => a.Syntax.ToString().Replace(" ", string.Empty)));
        }

        private static bool IsSlicing(IOperation operation, TorchSymbols torch)
        {
            return operation switch
            {
                IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } indexed } => torch.IsTensor(indexed.Type),
                IInvocationOperation { TargetMethod.Name: "index" or "index_select" or "narrow" or "slice" or "to" or "cuda" or "cpu" or "view" or "reshape", Instance: { } instance } => torch.IsTensor(instance.Type),
                _ => false,
            };
        }
    }
}
