using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PmCopilot.Analyzers.Infrastructure;

namespace PmCopilot.Analyzers.Rules
{
    /// <summary>PMC005: a model is evaluated while still in training mode, or training resumes after eval() without train().</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PMC005EvalModeNotSetAnalyzer : DiagnosticAnalyzer
    {
        public const string FixProperty = "Fix";
        public const string ModuleProperty = "Module";

        internal static readonly DiagnosticDescriptor Rule = RuleHelp.Create(
            RuleIdentifiers.EvalModeNotSet,
            title: "Eval mode not set",
            messageFormat: "{0}",
            RuleCategories.Evaluation,
            DiagnosticSeverity.Warning,
            description: "Dropout and batch normalization behave differently in training and evaluation; a model evaluated in training mode gives noisy, pessimistic metrics, and one trained in eval mode does not learn as intended.");

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
            foreach (var root in context.OperationBlocks)
            {
                var reported = new HashSet<string>();
                var method = context.OwningSymbol as IMethodSymbol;
                if (method is not null && method.Name == "forward" && torch.IsModule(method.ContainingType))
                    continue;
                foreach (var call in TorchFacts.ModelCalls(root, torch))
                {
                    var evaluation = EvaluationContext.For(call, torch);
                    if (evaluation is null || reported.Contains(evaluation.Key))
                        continue;
                    if (TorchFacts.IsSubModuleOfOwnType(call, method, torch))
                        continue;
                    var module = call.Instance!.Syntax.ToString();
                    if (evaluation.IsEvaluation && evaluation.ModeBefore != true)
                    {
                        var isLocal = call.Instance!.Unwrap() is ILocalReferenceOperation;
                        if (!isLocal && evaluation.ModeBefore is null && (TorchFacts.CallersCallFirst(method, "eval")
                            || (call.Instance!.Unwrap() is IFieldReferenceOperation or IPropertyReferenceOperation && TorchFacts.TypeCallsOnMember(method, module, "eval"))))
                            continue;
                        reported.Add(evaluation.Key);
                        Report(context, call, "eval", module, $"'{module}' is evaluated without '{module}.eval()'; call it before evaluation so dropout and batch normalization run in inference mode");
                    }
                    else if (evaluation.InTrainingLoop && !evaluation.UnderNoGrad && evaluation.ModeBefore == true)
                    {
                        reported.Add(evaluation.Key);
                        Report(context, call, "train", module, $"'{module}' is trained after '{module}.eval()' without '{module}.train()'; call '{module}.train()' before training resumes");
                    }
                }

                // eval() inside a training loop (often a validation pass) with no train() to switch back.
                foreach (var loop in root.DescendantsAndSelf().OfType<ILoopOperation>())
                {
                    if (!TorchFacts.ContainsBackward(loop, torch))
                        continue;
                    foreach (var evalCall in loop.Body.Invocations().Where(i => i.TargetMethod.Name == "eval" && i.Instance is not null && torch.IsModule(i.Instance.Type)))
                    {
                        var key = ValueTracker.StorageKey(evalCall.Instance!);
                        if (key is null || reported.Contains(key) || SwitchesBackToTrain(loop, key, torch))
                            continue;
                        if (evalCall.EnclosingLoops().FirstOrDefault(l => TorchFacts.ContainsBackward(l, torch)) != loop)
                            continue;
                        reported.Add(key);
                        var module = evalCall.Instance!.Syntax.ToString();
                        Report(context, evalCall, "train", module, $"Training resumes in the next iteration after '{module}.eval()' without '{module}.train()'; call '{module}.train()' at the start of the training step");
                    }

                    foreach (var helperCall in loop.Body.Invocations().Where(i => ValueTracker.IsSourceHelperOrVoid(i.TargetMethod)))
                    {
                        if (!HelperSetsEval(helperCall, loop, torch, out var key, out var module))
                            continue;
                        if (reported.Contains(key) || SwitchesBackToTrain(loop, key, torch))
                            continue;
                        reported.Add(key);
                        Report(context, helperCall, "train", module, $"'{helperCall.TargetMethod.Name}' switches '{module}' to eval mode inside the training loop and nothing calls '{module}.train()' again; call it at the start of the training step");
                    }
                }
            }
        }

        /// <summary>
        /// Whether the helper called in the training loop leaves a module the loop trains in eval mode: `eval()` on a module it
        /// receives as a parameter, or on a module field/property of the object the helper runs on (a `Validate()` method of the
        /// trainer class). The helper must not call `train()` itself. A member module must also be used by the loop outside the
        /// helper, so a frozen module the loop only reads through the helper (a distillation teacher) is not taken for the model.
        /// </summary>
        private static bool HelperSetsEval(IInvocationOperation helperCall, ILoopOperation loop, TorchSymbols torch, out string key, out string module)
        {
            key = string.Empty;
            module = string.Empty;
            var body = ValueTracker.GetBodyOperation(helperCall.TargetMethod, helperCall.SemanticModel);
            if (body is null)
                return false;
            var invocations = body.Invocations().ToList();
            if (invocations.Any(i => i.TargetMethod.Name == "train" && torch.IsModule(i.Instance?.Type)))
                return false;
            foreach (var evalCall in invocations.Where(i => i.TargetMethod.Name == "eval" && i.Instance is not null && torch.IsModule(i.Instance.Type)))
            {
                var target = evalCall.Instance!.Unwrap();
                if (target is IParameterReferenceOperation parameter)
                {
                    var argument = helperCall.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter, parameter.Parameter))?.Value;
                    if (argument is null || ValueTracker.StorageKey(argument) is not { } argumentKey)
                        continue;
                    key = argumentKey;
                    module = argument.Syntax.ToString();
                    return true;
                }

                if (IsMemberOfReceiver(target) && IsMemberOfReceiver(helperCall) && ValueTracker.StorageKey(target) is { } memberKey && LoopUsesMember(loop, memberKey, helperCall))
                {
                    key = memberKey;
                    module = target.Syntax.ToString();
                    return true;
                }
            }

            return false;
        }

        /// <summary>A field/property read on `this` (or a static one), or a call made on `this`: both sides then see the same members.</summary>
        private static bool IsMemberOfReceiver(IOperation operation)
        {
            return operation switch
            {
                IFieldReferenceOperation field => field.Instance is null or IInstanceReferenceOperation,
                IPropertyReferenceOperation property => property.Arguments.Length == 0 && property.Instance is null or IInstanceReferenceOperation,
                IInvocationOperation call => call.Instance is null or IInstanceReferenceOperation,
                _ => false,
            };
        }

        /// <summary>Whether the loop reads the member outside the given helper call: directly, or in another helper of the same object it calls.</summary>
        private static bool LoopUsesMember(ILoopOperation loop, string key, IInvocationOperation except)
        {
            foreach (var operation in loop.Body.DescendantsAndSelf())
            {
                if (operation.IsInside(except))
                    continue;
                if (operation is IFieldReferenceOperation or IPropertyReferenceOperation && IsMemberOfReceiver(operation) && ValueTracker.StorageKey(operation) == key)
                    return true;
                if (operation is IInvocationOperation call && call != except && ValueTracker.IsSourceHelperOrVoid(call.TargetMethod) && IsMemberOfReceiver(call)
                    && ValueTracker.GetBodyOperation(call.TargetMethod, call.SemanticModel) is { } helperBody
                    && helperBody.DescendantsAndSelf().Any(o => o is IFieldReferenceOperation or IPropertyReferenceOperation && IsMemberOfReceiver(o) && ValueTracker.StorageKey(o) == key))
                    return true;
            }

            return false;
        }

        /// <summary>Whether the loop switches the module back to training: `train()` on it in the loop, or in a helper the loop calls.</summary>
        private static bool SwitchesBackToTrain(ILoopOperation loop, string key, TorchSymbols torch)
        {
            if (TorchFacts.ModeCalls(loop, key, "train", torch).Any())
                return true;
            foreach (var helperCall in loop.Body.Invocations().Where(i => ValueTracker.IsSourceHelperOrVoid(i.TargetMethod)))
            {
                var body = ValueTracker.GetBodyOperation(helperCall.TargetMethod, helperCall.SemanticModel);
                if (body is null)
                    continue;
                foreach (var trainCall in body.Invocations().Where(i => i.TargetMethod.Name == "train" && i.Instance is not null && torch.IsModule(i.Instance.Type)))
                {
                    var target = trainCall.Instance!.Unwrap();
                    var trained = target is IParameterReferenceOperation parameter
                        ? helperCall.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter, parameter.Parameter))?.Value
                        : IsMemberOfReceiver(target) && IsMemberOfReceiver(helperCall) ? target : null;
                    if (trained is not null && ValueTracker.StorageKey(trained) == key)
                        return true;
                }
            }

            return false;
        }

        private static void Report(OperationBlockAnalysisContext context, IInvocationOperation at, string fix, string module, string message)
        {
            var properties = ImmutableDictionary<string, string?>.Empty.Add(FixProperty, fix).Add(ModuleProperty, module);
            context.ReportDiagnostic(Diagnostic.Create(Rule, at.Syntax.GetLocation(), properties, message));
        }
    }
}
