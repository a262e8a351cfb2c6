using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PmCopilot.Analyzers.Infrastructure
{
    /// <summary>PMC001 for TorchSharp: a tensor made from a raw array feeds Linear layers in a training loop and nothing scales it.</summary>
    internal static class TorchFeatureScaling
    {
        private static readonly Regex ScalingName = new Regex("norm|scal|standard|zscore", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public static void Analyze(OperationBlockAnalysisContext context, TorchSymbols torch, DiagnosticDescriptor rule)
        {
            foreach (var block in context.OperationBlocks)
            {
                var invocations = block.Invocations().ToList();
                if (!invocations.Any(i => torch.IsBackward(i.TargetMethod)))
                    continue;
                if (invocations.Any(i => IsScalingCall(i, torch)) || HasArrayArithmetic(block))
                    continue;
                var reported = new System.Collections.Generic.HashSet<IOperation>();
                foreach (var call in invocations)
                {
                    if (!torch.IsModuleInvocation(call.TargetMethod) || call.Arguments.Length == 0 || call.Instance is null)
                        continue;
                    var loop = call.GetEnclosingLoop();
                    if (loop is null || !loop.Invocations().Any(i => torch.IsBackward(i.TargetMethod)))
                        continue;
                    if (!HasLinearWithoutNormLayer(call.Instance, torch))
                        continue;
                    var source = BaseTensor(call.Arguments[0].Value, torch);
                    if (source is IInvocationOperation creation && IsRawTensorCreation(creation, torch) && reported.Add(creation))
                    {
                        var name = (creation.Parent?.Parent as IVariableDeclaratorOperation)?.Symbol.Name ?? creation.Syntax.ToString();
                        context.ReportDiagnostic(Diagnostic.Create(rule, creation.Syntax.GetLocation(), name));
                    }
                }
            }
        }

        private static bool IsScalingCall(IInvocationOperation invocation, TorchSymbols torch)
        {
            var name = invocation.TargetMethod.Name;
            if (name is "mean" or "std" or "var" or "std_mean" or "var_mean" or "normalize" or "sub" or "sub_" or "div" or "div_" or "amax" or "amin" or "BatchNorm1d" or "LayerNorm" or "min" or "max" or "aminmax")
                return torch.IsTorchApi(invocation.TargetMethod);
            return ScalingName.IsMatch(name) && !torch.IsTorchApi(invocation.TargetMethod);
        }

        private static bool HasArrayArithmetic(IOperation block)
        {
            foreach (var binary in block.DescendantsAndSelf().OfType<IBinaryOperation>())
            {
                if (binary.OperatorKind is not (BinaryOperatorKind.Subtract or BinaryOperatorKind.Divide))
                    continue;
                if (binary.OperatorMethod is not null && binary.OperatorMethod.ContainingType?.Name == "Tensor")
                    return true;
                if (binary.Type?.SpecialType is SpecialType.System_Single or SpecialType.System_Double
                    && binary.DescendantsAndSelf().Any(o => o is IArrayElementReferenceOperation))
                    return true;
            }

            return false;
        }

        /// <summary>Follows batch slicing (indexers, index_select, narrow, to(device)) back to the tensor it was cut from.</summary>
        private static IOperation BaseTensor(IOperation value, TorchSymbols torch)
        {
            var current = ValueTracker.Resolve(value);
            for (var i = 0; i < 8; i++)
            {
                IOperation? next = current switch
                {
                    IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } indexed } when torch.IsTensor(indexed.Type) => indexed,
                    IInvocationOperation { TargetMethod.Name: "index" or "index_select" or "narrow" or "slice" or "to" or "cuda" or "cpu" or "view" or "reshape" or "@float" or "to_type", Instance: { } instance } when torch.IsTensor(instance.Type) => instance,
                    _ => null,
                };
                if (next is null)
                    return current;
                current = ValueTracker.Resolve(next);
            }

            return current;
        }

        private static bool IsRawTensorCreation(IInvocationOperation invocation, TorchSymbols torch)
        {
            var method = invocation.TargetMethod;
            if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, torch.Torch) || method.Name is not ("tensor" or "from_array" or "as_tensor"))
                return false;
            if (invocation.Arguments.Length == 0)
                return false;
            var data = invocation.Arguments[0].Value.Unwrap();
            if (data.Type is not IArrayTypeSymbol array || array.ElementType.SpecialType is not (SpecialType.System_Single or SpecialType.System_Double))
                return false;
            var origin = ValueTracker.Resolve(data);
            return !(origin is IInvocationOperation producer && ScalingName.IsMatch(producer.TargetMethod.Name));
        }

        private static bool HasLinearWithoutNormLayer(IOperation moduleExpression, TorchSymbols torch)
        {
            var module = ValueTracker.Resolve(moduleExpression);
            IOperation? scope = null;
            if (module is IInvocationOperation { TargetMethod.Name: "Sequential" } sequential)
                scope = sequential;
            else if (module is IObjectCreationOperation { Type: INamedTypeSymbol type } && type.IsDeclaredInSource())
                return TypeUsesLinear(type, module.SemanticModel);
            else if (module is IInvocationOperation { TargetMethod.Name: "Linear" } linear && torch.IsStaticOf(linear.TargetMethod, torch.Nn, "Linear"))
                return true;
            if (scope is null)
                return false;
            var layers = scope.Invocations().Select(i => i.TargetMethod.Name).ToList();
            return layers.Contains("Linear") && !layers.Any(n => n.StartsWith("BatchNorm", System.StringComparison.Ordinal) || n == "LayerNorm");
        }

        private static bool TypeUsesLinear(INamedTypeSymbol type, SemanticModel? model)
        {
            var text = string.Concat(type.DeclaringSyntaxReferences.Select(r => r.GetSyntax().ToString()));
            return text.Contains("Linear(") && !text.Contains("BatchNorm") && !text.Contains("LayerNorm");
        }
    }
}
