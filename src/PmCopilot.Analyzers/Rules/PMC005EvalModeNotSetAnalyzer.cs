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
                        if (key is null || reported.Contains(key) || TorchFacts.ModeCalls(loop, key, "train", torch).Any())
                            continue;
                        if (evalCall.EnclosingLoops().FirstOrDefault(l => TorchFacts.ContainsBackward(l, torch)) != loop)
                            continue;
                        reported.Add(key);
                        var module = evalCall.Instance!.Syntax.ToString();
                        Report(context, evalCall, "train", module, $"Training resumes in the next iteration after '{module}.eval()' without '{module}.train()'; call '{module}.train()' at the start of the training step");
                    }

                    foreach (var helperCall in loop.Body.Invocations().Where(i => ValueTracker.IsSourceHelperOrVoid(i.TargetMethod)))
                    {
                        if (!SetsEvalOnParameter(helperCall, torch, out var moduleArgument) || moduleArgument is null)
                            continue;
                        var key = ValueTracker.StorageKey(moduleArgument);
                        if (key is null || reported.Contains(key) || TorchFacts.ModeCalls(loop, key, "train", torch).Any())
                            continue;
                        reported.Add(key);
                        var module = moduleArgument.Syntax.ToString();
                        Report(context, helperCall, "train", module, $"'{helperCall.TargetMethod.Name}' switches '{module}' to eval mode inside the training loop and nothing calls '{module}.train()' again; call it at the start of the training step");
                    }
                }
            }
        }

        private static bool SetsEvalOnParameter(IInvocationOperation helperCall, TorchSymbols torch, out IOperation? moduleArgument)
        {
            moduleArgument = null;
            var body = ValueTracker.GetBodyOperation(helperCall.TargetMethod, helperCall.SemanticModel);
            if (body is null)
                return false;
            var invocations = body.Invocations().ToList();
            var evalOnParameter = invocations.FirstOrDefault(i => i.TargetMethod.Name == "eval" && i.Instance?.Unwrap() is IParameterReferenceOperation p && torch.IsModule(p.Type));
            if (evalOnParameter is null || invocations.Any(i => i.TargetMethod.Name == "train" && torch.IsModule(i.Instance?.Type)))
                return false;
            var parameter = ((IParameterReferenceOperation)evalOnParameter.Instance!.Unwrap()).Parameter;
            moduleArgument = helperCall.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter, parameter))?.Value;
            return true;
        }

        private static void Report(OperationBlockAnalysisContext context, IInvocationOperation at, string fix, string module, string message)
        {
            var properties = ImmutableDictionary<string, string?>.Empty.Add(FixProperty, fix).Add(ModuleProperty, module);
            context.ReportDiagnostic(Diagnostic.Create(Rule, at.Syntax.GetLocation(), properties, message));
        }
    }
}
