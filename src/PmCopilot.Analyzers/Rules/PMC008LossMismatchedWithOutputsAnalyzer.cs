using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PmCopilot.Analyzers.Infrastructure;

namespace PmCopilot.Analyzers.Rules
{
    /// <summary>PMC008: probabilities fed to a loss that expects logits (softmax into CrossEntropyLoss, sigmoid into BCELoss).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PMC008LossMismatchedWithOutputsAnalyzer : DiagnosticAnalyzer
    {
        public const string KindProperty = "Kind";
        public const string ActivationStartProperty = "ActivationStart";
        public const string ActivationEndProperty = "ActivationEnd";
        public const string LossStartProperty = "LossStart";
        public const string LossEndProperty = "LossEnd";
        public const string CrossEntropyKind = "CrossEntropy";
        public const string BinaryKind = "Binary";

        internal static readonly DiagnosticDescriptor Rule = RuleHelp.Create(
            RuleIdentifiers.LossMismatchedWithOutputs,
            title: "Loss mismatched with outputs",
            messageFormat: "{0}",
            RuleCategories.Training,
            DiagnosticSeverity.Warning,
            description: "CrossEntropyLoss applies log-softmax itself and BCEWithLogitsLoss applies a stable sigmoid; feeding them probabilities squashes the gradients and slows or stalls learning.");

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
            var method = invocation.TargetMethod;
            string? kind = null;
            IOperation? lossCreation = null;
            if ((method.Name == "call" || method.Name == "forward") && invocation.Instance is not null && invocation.Arguments.Length >= 2)
            {
                var lossType = invocation.Instance.Type;
                if (lossType is not null && lossType.InheritsFromOrEquals(torch.CrossEntropyLoss))
                    kind = CrossEntropyKind;
                else if (lossType is not null && lossType.InheritsFromOrEquals(torch.BCELoss))
                    kind = BinaryKind;
                lossCreation = ValueTracker.Resolve(invocation.Instance);
            }
            else if (SymbolEqualityComparer.Default.Equals(method.ContainingType, torch.Functional) && invocation.Arguments.Length >= 2)
            {
                if (method.Name == "cross_entropy")
                    kind = CrossEntropyKind;
                else if (method.Name == "binary_cross_entropy")
                    kind = BinaryKind;
                lossCreation = invocation;
            }

            if (kind is null)
                return;
            var input = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value;
            if (input is null)
                return;
            var activation = FindActivation(input, kind, torch, out var activationName);
            if (activation is null)
                return;

            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[KindProperty] = kind;
            if (activation.Syntax.SyntaxTree == invocation.Syntax.SyntaxTree)
            {
                properties[ActivationStartProperty] = activation.Syntax.SpanStart.ToString(CultureInfo.InvariantCulture);
                properties[ActivationEndProperty] = activation.Syntax.Span.End.ToString(CultureInfo.InvariantCulture);
            }

            if (lossCreation is IInvocationOperation creation && creation.Syntax.SyntaxTree == invocation.Syntax.SyntaxTree)
            {
                properties[LossStartProperty] = creation.Syntax.SpanStart.ToString(CultureInfo.InvariantCulture);
                properties[LossEndProperty] = creation.Syntax.Span.End.ToString(CultureInfo.InvariantCulture);
            }

            var message = kind == CrossEntropyKind
                ? $"The input to CrossEntropyLoss comes from {activationName}, but the loss applies log-softmax itself; pass the raw logits"
                : $"The input to BCELoss comes from {activationName}; drop the sigmoid and use BCEWithLogitsLoss on the raw logits";
            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties.ToImmutable(), message));
        }

        /// <summary>The softmax/sigmoid call or layer that produced the loss input, followed through locals, models and their forward.</summary>
        private static IOperation? FindActivation(IOperation input, string kind, TorchSymbols torch, out string name)
        {
            name = string.Empty;
            var value = ValueTracker.Resolve(input);
            for (var i = 0; i < ValueTracker.MaxDepth && value is IInvocationOperation { Instance: { } source } reshaping && IsValuePreserving(reshaping.TargetMethod, torch); i++)
                value = ValueTracker.Resolve(source);
            if (value is IInvocationOperation call)
            {
                if (kind == CrossEntropyKind && torch.IsSoftmaxFamily(call.TargetMethod, out var isLog))
                {
                    name = isLog ? "log_softmax" : "softmax";
                    return call;
                }

                if (kind == BinaryKind && torch.IsSigmoid(call.TargetMethod))
                {
                    name = "sigmoid";
                    return call;
                }

                if (torch.IsModuleInvocation(call.TargetMethod) && call.Instance is not null)
                    return LastLayerActivation(call.Instance, kind, torch, out name);
            }

            return null;
        }

        /// <summary>
        /// Tensor methods that change a tensor's shape, device or dtype but not what its values mean
        /// (`model.call(x).squeeze(-1)` still holds the model's probabilities, and the fix's logits stay valid through them).
        /// </summary>
        private static bool IsValuePreserving(IMethodSymbol method, TorchSymbols torch)
        {
            return ValuePreservingMethods.Contains(method.Name) && !method.IsStatic && torch.IsTensor(method.ContainingType);
        }

        private static readonly ImmutableHashSet<string> ValuePreservingMethods = ImmutableHashSet.Create(
            "squeeze", "unsqueeze", "view", "view_as", "reshape", "reshape_as", "flatten", "contiguous", "transpose", "permute", "t",
            "narrow", "select", "index_select", "to", "cpu", "cuda", "to_type", "float", "double");

        private static IOperation? LastLayerActivation(IOperation moduleExpression, string kind, TorchSymbols torch, out string name)
        {
            name = string.Empty;
            var module = ValueTracker.Resolve(moduleExpression);
            if (module is IInvocationOperation { TargetMethod.Name: "Sequential" } sequential && SymbolEqualityComparer.Default.Equals(sequential.TargetMethod.ContainingType, torch.Nn))
            {
                var layers = sequential.Arguments.SelectMany(a => a.Value.Unwrap() is IArrayCreationOperation { Initializer: { } init } ? init.ElementValues.AsEnumerable() : new[] { a.Value }).ToList();
                var last = layers.LastOrDefault();
                if (last is null)
                    return null;
                var layer = last.Unwrap();
                if (layer is ITupleOperation tuple && tuple.Elements.Length == 2)
                    layer = tuple.Elements[1].Unwrap();
                layer = ValueTracker.Resolve(layer);
                if (layer is IInvocationOperation layerCall && SymbolEqualityComparer.Default.Equals(layerCall.TargetMethod.ContainingType, torch.Nn))
                {
                    if (kind == CrossEntropyKind && layerCall.TargetMethod.Name is "Softmax" or "LogSoftmax")
                    {
                        name = "an nn." + layerCall.TargetMethod.Name + " layer";
                        return layerCall;
                    }

                    if (kind == BinaryKind && layerCall.TargetMethod.Name == "Sigmoid")
                    {
                        name = "an nn.Sigmoid layer";
                        return layerCall;
                    }
                }

                return null;
            }

            // A user module: look at what its forward returns.
            var type = module.Type as INamedTypeSymbol ?? moduleExpression.Type as INamedTypeSymbol;
            if (type is null || !type.IsDeclaredInSource())
                return null;
            var forward = type.GetMembers("forward").OfType<IMethodSymbol>().FirstOrDefault();
            if (forward is null)
                return null;
            foreach (var returned in ValueTracker.GetReturnedValues(forward, moduleExpression.SemanticModel))
            {
                if (ValueTracker.Resolve(returned) is IInvocationOperation call)
                {
                    if (kind == CrossEntropyKind && torch.IsSoftmaxFamily(call.TargetMethod, out var isLog))
                    {
                        name = (isLog ? "log_softmax" : "softmax") + " in " + type.Name + ".forward";
                        return call;
                    }

                    if (kind == BinaryKind && torch.IsSigmoid(call.TargetMethod))
                    {
                        name = "sigmoid in " + type.Name + ".forward";
                        return call;
                    }
                }
            }

            return null;
        }
    }
}
