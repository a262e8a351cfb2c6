using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PmCopilot.Analyzers.Infrastructure
{
    internal static class OperationExtensions
    {
        /// <summary>Strips conversions, parentheses and null-forgiving wrappers that do not change which value flows.</summary>
        public static IOperation Unwrap(this IOperation operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation conversion:
                        operation = conversion.Operand;
                        continue;
                    case IParenthesizedOperation parenthesized:
                        operation = parenthesized.Operand;
                        continue;
                    case IArgumentOperation argument:
                        operation = argument.Value;
                        continue;
                    default:
                        return operation;
                }
            }
        }

        public static IOperation GetRoot(this IOperation operation)
        {
            var current = operation;
            while (current.Parent is not null)
                current = current.Parent;
            return current;
        }

        public static IEnumerable<IInvocationOperation> Invocations(this IOperation operation)
        {
            return Microsoft.CodeAnalysis.Operations.OperationExtensions.DescendantsAndSelf(operation).OfType<IInvocationOperation>();
        }

        public static ILoopOperation? GetEnclosingLoop(this IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is ILoopOperation loop)
                    return loop;
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                    return null;
            }

            return null;
        }

        public static IEnumerable<ILoopOperation> EnclosingLoops(this IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is ILoopOperation loop)
                    yield return loop;
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                    yield break;
            }
        }

        public static bool IsInside(this IOperation operation, IOperation ancestor)
        {
            return ancestor.Syntax.SyntaxTree == operation.Syntax.SyntaxTree && ancestor.Syntax.Span.Contains(operation.Syntax.Span);
        }

        /// <summary>The argument passed for the named parameter, or null when the caller left it to its default.</summary>
        public static IOperation? GetArgument(this IInvocationOperation invocation, string parameterName)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name == parameterName)
                    return argument.ArgumentKind == ArgumentKind.DefaultValue ? null : argument.Value;
            }

            return null;
        }

        public static bool HasExplicitArgument(this IInvocationOperation invocation, string parameterName)
        {
            return invocation.Arguments.Any(a => a.Parameter?.Name == parameterName && a.ArgumentKind != ArgumentKind.DefaultValue);
        }

        public static bool HasParameter(this IInvocationOperation invocation, string parameterName)
        {
            return invocation.TargetMethod.Parameters.Any(p => p.Name == parameterName);
        }

        /// <summary>The value the receiver (or the first argument of an extension method) refers to.</summary>
        public static IOperation? GetThisArgument(this IInvocationOperation invocation)
        {
            if (invocation.Instance is not null)
                return invocation.Instance;
            if (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0)
            {
                var first = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0);
                return first?.Value;
            }

            return null;
        }

        /// <summary>The string the argument holds, following the parameter's default when omitted. Null when not a compile-time constant.</summary>
        public static bool TryGetStringArgument(this IInvocationOperation invocation, string parameterName, out string? value)
        {
            value = null;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name != parameterName)
                    continue;
                if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    value = argument.Parameter.HasExplicitDefaultValue ? argument.Parameter.ExplicitDefaultValue as string : null;
                    return true;
                }

                var constant = argument.Value.ConstantValue;
                if (constant.HasValue && (constant.Value is string || constant.Value is null))
                {
                    value = constant.Value as string;
                    return true;
                }

                return false;
            }

            return false;
        }

        /// <summary>Text position used to order statements within a method: earlier means before.</summary>
        public static int Position(this IOperation operation) => operation.Syntax.SpanStart;

        public static IMethodSymbol? GetContainingMethod(this IOperation operation, SemanticModel? model)
        {
            var symbol = model?.GetEnclosingSymbol(operation.Syntax.SpanStart);
            while (symbol is not null && symbol is not IMethodSymbol)
                symbol = symbol.ContainingSymbol;
            return symbol as IMethodSymbol;
        }
    }
}
