using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace PmCopilot.Analyzers.Infrastructure
{
    /// <summary>Questions about TorchSharp code that several rules ask: loops, grad scopes, train/eval state.</summary>
    internal static class TorchFacts
    {
        public static bool ContainsBackward(IOperation scope, TorchSymbols torch) => scope.Invocations().Any(i => torch.IsBackward(i.TargetMethod));

        /// <summary>True when the operation runs under `torch.no_grad()` / `inference_mode()` (using statement or using declaration earlier in an enclosing block) or after `set_grad_enabled(false)`.</summary>
        public static bool IsUnderNoGrad(IOperation operation, TorchSymbols torch)
        {
            IOperation child = operation;
            for (var current = operation.Parent; current is not null; child = current, current = current.Parent)
            {
                if (current is IUsingOperation usingOperation && usingOperation.Resources.Invocations().Any(i => IsGradOff(i, torch)))
                    return true;
                if (current is IBlockOperation block)
                {
                    foreach (var statement in block.Operations)
                    {
                        if (statement == child)
                            break;
                        if (statement is IUsingDeclarationOperation declaration && declaration.Invocations().Any(i => IsGradOff(i, torch)))
                            return true;
                        if (statement is IExpressionStatementOperation { Operation: IInvocationOperation call } && IsGradOff(call, torch) && call.TargetMethod.Name == "set_grad_enabled")
                            return true;
                    }
                }

                if (current is IAnonymousFunctionOperation lambda && lambda.Parent?.Parent is IArgumentOperation { Parent: IInvocationOperation wrapper } && wrapper.TargetMethod.Name == "WrappedTensorDisposeScope")
                    continue;
            }

            return false;
        }

        private static bool IsGradOff(IInvocationOperation invocation, TorchSymbols torch)
        {
            if (!torch.IsNoGradScope(invocation.TargetMethod))
                return false;
            var name = invocation.TargetMethod.Name;
            if (name == "no_grad")
                return true;
            if (name == "enable_grad")
                return IsFalse(invocation.GetArgument("enabled"));
            var mode = invocation.GetArgument("mode");
            if (name == "inference_mode")
                return mode is null || (mode.ConstantValue.HasValue && mode.ConstantValue.Value is true);
            return IsFalse(mode);
        }

        private static bool IsFalse(IOperation? value) => value is not null && value.ConstantValue.HasValue && value.ConstantValue.Value is false;

        /// <summary>Whether a module call happens inside a module's own forward (sub-layer calls are not "the model").</summary>
        public static bool IsInsideModuleForward(IOperation operation, TorchSymbols torch)
        {
            var method = operation.GetContainingMethod(operation.SemanticModel);
            return method is not null && method.Name == "forward" && torch.IsModule(method.ContainingType);
        }

        /// <summary>A module's own sub-module (a field or property of this module type) follows the parent's train/eval mode, so the parent's methods need not set it.</summary>
        public static bool IsSubModuleOfOwnType(IInvocationOperation call, IMethodSymbol? method, TorchSymbols torch)
        {
            if (method?.ContainingType is null || !torch.IsModule(method.ContainingType))
                return false;
            return call.Instance?.Unwrap() switch
            {
                IFieldReferenceOperation field => !field.Field.IsStatic && field.Instance is IInstanceReferenceOperation,
                IPropertyReferenceOperation property => !property.Property.IsStatic && property.Instance is IInstanceReferenceOperation,
                _ => false,
            };
        }

        /// <summary>Loss modules are modules too; calling them is not running the model.</summary>
        public static bool IsLossModule(ITypeSymbol? type)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (current.Name.EndsWith("Loss", System.StringComparison.Ordinal) && current.ContainingNamespace?.ToDisplayString() == "TorchSharp.Modules")
                    return true;
                if (current.Name == "Loss" && current.ContainingNamespace?.ToDisplayString().StartsWith("TorchSharp", System.StringComparison.Ordinal) == true)
                    return true;
            }

            return false;
        }

        /// <summary>The module calls in a method that run the model (not losses, not sub-layers inside forward).</summary>
        public static IEnumerable<IInvocationOperation> ModelCalls(IOperation root, TorchSymbols torch)
        {
            foreach (var invocation in root.Invocations())
            {
                if (!torch.IsModuleInvocation(invocation.TargetMethod) || invocation.Instance is null)
                    continue;
                if (IsLossModule(invocation.Instance.Type) || invocation.Instance is IInstanceReferenceOperation)
                    continue;
                if (ValueTracker.StorageKey(invocation.Instance) is null)
                    continue;
                yield return invocation;
            }
        }

        /// <summary>Calls of <paramref name="methodName"/> (eval, train) on the same stored module, in source order.</summary>
        public static IEnumerable<IInvocationOperation> ModeCalls(IOperation root, string key, string methodName, TorchSymbols torch)
        {
            return root.Invocations().Where(i => i.TargetMethod.Name == methodName && i.Instance is not null && torch.IsModule(i.Instance.Type) && ValueTracker.StorageKey(i.Instance) == key).OrderBy(i => i.Position());
        }

        private static readonly string[] EvaluationWords = { "eval", "test", "predict", "infer", "validat", "score", "accuracy" };

        public static bool HasEvaluationName(IMethodSymbol? method)
        {
            if (method is null)
                return false;
            var name = method.Name.ToLowerInvariant();
            return EvaluationWords.Any(name.Contains);
        }

        /// <summary>
        /// Storage keys whose `eval()`/`train()` sets the mode of the referenced module: its own, then those of the modules that
        /// hold it (`model.Encoder` follows `model.eval()`, since a module's mode call reaches all its sub-modules).
        /// </summary>
        public static IReadOnlyList<string> ModeKeys(IOperation moduleReference, TorchSymbols torch)
        {
            var keys = new List<string>();
            if (ValueTracker.StorageKey(moduleReference) is { } own)
                keys.Add(own);
            var current = moduleReference.Unwrap();
            for (var depth = 0; depth < ValueTracker.MaxDepth; depth++)
            {
                var owner = current switch
                {
                    IPropertyReferenceOperation { Instance: { } instance } => instance,
                    IFieldReferenceOperation { Instance: { } instance } => instance,
                    _ => null,
                };
                if (owner is null || owner is IInstanceReferenceOperation || !torch.IsModule(owner.Type))
                    break;
                if (ValueTracker.StorageKey(owner) is { } ownerKey)
                    keys.Add(ownerKey);
                current = owner.Unwrap();
            }

            return keys;
        }

        /// <summary>The latest `eval()`/`train()` on any of the keys (a module and the modules holding it) before the position: true = eval, false = train, null = neither.</summary>
        public static bool? ModeBefore(IOperation root, IReadOnlyList<string> keys, int position, TorchSymbols torch)
        {
            IInvocationOperation? last = null;
            foreach (var invocation in root.Invocations())
            {
                if (invocation.Position() >= position || invocation.Instance is null)
                    continue;
                if ((invocation.TargetMethod.Name == "eval" || invocation.TargetMethod.Name == "train") && torch.IsModule(invocation.Instance.Type) && ValueTracker.StorageKey(invocation.Instance) is { } key && keys.Contains(key))
                {
                    if (last is null || invocation.Position() > last.Position())
                        last = invocation;
                }
            }

            if (last is null)
                return null;
            if (last.TargetMethod.Name == "eval")
                return true;
            var flag = last.GetArgument("train") ?? (last.Arguments.Length > 0 ? last.Arguments[0].Value : null);
            return flag is not null && flag.ConstantValue.HasValue && flag.ConstantValue.Value is false;
        }

        /// <summary>Whether some caller in the containing type calls `.{memberName}()` before invoking the method: then the caller sets the mode for this helper.</summary>
        public static bool CallersCallFirst(IMethodSymbol? method, string memberName)
        {
            if (method?.ContainingType is null)
                return false;
            foreach (var reference in method.ContainingType.DeclaringSyntaxReferences)
            {
                foreach (var invocation in reference.GetSyntax().DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    var name = invocation.Expression switch
                    {
                        IdentifierNameSyntax id => id.Identifier.ValueText,
                        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                        _ => null,
                    };
                    if (name != method.Name)
                        continue;
                    var caller = invocation.FirstAncestorOrSelf<MemberDeclarationSyntax>();
                    if (caller is null)
                        continue;
                    var before = caller.DescendantNodes().OfType<InvocationExpressionSyntax>()
                        .Where(i => i.SpanStart < invocation.SpanStart)
                        .Any(i => i.Expression is MemberAccessExpressionSyntax access && access.Name.Identifier.ValueText == memberName);
                    if (before)
                        return true;
                }
            }

            return false;
        }

        /// <summary>Whether another member of the containing type calls `.{memberName}()` on the stored module (e.g. `_model.eval()` in a constructor).</summary>
        public static bool TypeCallsOnMember(IMethodSymbol? method, string moduleText, string memberName)
        {
            if (method?.ContainingType is null)
                return false;
            var own = method.DeclaringSyntaxReferences.Select(r => r.Span).ToList();
            var name = moduleText.StartsWith("this.", System.StringComparison.Ordinal) ? moduleText.Substring(5) : moduleText;
            foreach (var reference in method.ContainingType.DeclaringSyntaxReferences)
            {
                foreach (var invocation in reference.GetSyntax().DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    if (invocation.Expression is not MemberAccessExpressionSyntax access || access.Name.Identifier.ValueText != memberName)
                        continue;
                    var receiver = access.Expression.ToString();
                    if ((receiver == name || receiver == "this." + name) && !own.Any(span => reference.SyntaxTree == invocation.SyntaxTree && span.Contains(invocation.Span)))
                        return true;
                }
            }

            return false;
        }

        /// <summary>Whether some caller in the containing type invokes the method under a `no_grad`/`inference_mode` using.</summary>
        public static bool CalledUnderNoGradInType(IMethodSymbol? method)
        {
            if (method?.ContainingType is null)
                return false;
            foreach (var reference in method.ContainingType.DeclaringSyntaxReferences)
            {
                foreach (var invocation in reference.GetSyntax().DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    var name = invocation.Expression switch
                    {
                        IdentifierNameSyntax id => id.Identifier.ValueText,
                        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                        _ => null,
                    };
                    if (name != method.Name)
                        continue;
                    if (SyntaxUnderNoGrad(invocation))
                        return true;
                }
            }

            return false;
        }

        private static bool SyntaxUnderNoGrad(SyntaxNode node)
        {
            SyntaxNode child = node;
            for (var current = node.Parent; current is not null; child = current, current = current.Parent)
            {
                if (current is UsingStatementSyntax usingStatement && (usingStatement.Expression?.ToString() ?? usingStatement.Declaration?.ToString() ?? string.Empty).Contains("no_grad"))
                    return true;
                if (current is BlockSyntax block)
                {
                    foreach (var statement in block.Statements)
                    {
                        if (statement == child)
                            break;
                        if (statement is LocalDeclarationStatementSyntax local && local.UsingKeyword.IsKind(SyntaxKind.UsingKeyword) && (local.ToString().Contains("no_grad") || local.ToString().Contains("inference_mode")))
                            return true;
                    }
                }

                if (current is MemberDeclarationSyntax)
                    break;
            }

            return false;
        }
    }
}
