using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace PmCopilot.Analyzers.Infrastructure
{
    /// <summary>
    /// Follows a value back to the expression that produced it: through locals (the last assignment before the use),
    /// fields and auto-properties assigned once in source, and helper methods in the same compilation that return it.
    /// </summary>
    internal static class ValueTracker
    {
        public const int MaxDepth = 6;

        /// <summary>The producing expression, or the input itself when it cannot be followed further (parameters, unknown calls).</summary>
        public static IOperation Resolve(IOperation operation, int depth = 0)
        {
            var current = operation.Unwrap();
            for (var i = depth; i < MaxDepth; i++)
            {
                var next = Step(current);
                if (next is null)
                    return current;
                current = next.Unwrap();
            }

            return current;
        }

        /// <summary>One step back; null when the value's origin is the operation itself.</summary>
        public static IOperation? Step(IOperation operation)
        {
            switch (operation)
            {
                case ILocalReferenceOperation local:
                    return FindLastAssignmentBefore(local.GetRoot(), local.Local, local.Position());
                case IFieldReferenceOperation field when field.Field.IsDeclaredInSource():
                    return FindSingleMemberValue(field.Field, operation.SemanticModel);
                case IPropertyReferenceOperation property when property.Property.IsDeclaredInSource() && property.Arguments.Length == 0:
                    return FindSingleMemberValue(property.Property, operation.SemanticModel);
                case IInvocationOperation invocation when IsSourceHelper(invocation.TargetMethod):
                    var returns = GetReturnedValues(invocation.TargetMethod, operation.SemanticModel);
                    return returns.Count == 1 ? returns[0] : null;
                default:
                    return null;
            }
        }

        public static bool IsSourceHelper(IMethodSymbol method)
        {
            return method.IsDeclaredInSource() && !method.IsAbstract && method.MethodKind == MethodKind.Ordinary && !method.ReturnsVoid && method.DeclaringSyntaxReferences.Length == 1;
        }

        public static bool IsSourceHelperOrVoid(IMethodSymbol method)
        {
            return method.IsDeclaredInSource() && !method.IsAbstract && method.DeclaringSyntaxReferences.Length == 1;
        }

        public static IOperation? FindLastAssignmentBefore(IOperation root, ILocalSymbol local, int position)
        {
            IOperation? best = null;
            var bestPosition = -1;
            foreach (var operation in root.DescendantsAndSelf())
            {
                var start = operation.Syntax.SpanStart;
                if (start >= position)
                    continue;
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        var initializer = declarator.Initializer ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer;
                        if (initializer is not null && start > bestPosition)
                        {
                            best = initializer.Value;
                            bestPosition = start;
                        }

                        break;
                    case ISimpleAssignmentOperation assignment when assignment.Target is ILocalReferenceOperation target && SymbolEqualityComparer.Default.Equals(target.Local, local):
                        // `x = x.Append(...)` is read at its own position, so its right side resolves to the earlier value.
                        if (start > bestPosition && assignment.Syntax.Span.End <= position)
                        {
                            best = assignment.Value;
                            bestPosition = start;
                        }

                        break;
                }
            }

            return best;
        }

        /// <summary>All references to the local inside the root, in source order.</summary>
        public static IEnumerable<ILocalReferenceOperation> ReferencesTo(IOperation root, ILocalSymbol local)
        {
            return root.DescendantsAndSelf().OfType<ILocalReferenceOperation>().Where(r => SymbolEqualityComparer.Default.Equals(r.Local, local)).OrderBy(r => r.Position());
        }

        /// <summary>The value a field or auto-property holds when it is assigned in exactly one place in source.</summary>
        public static IOperation? FindSingleMemberValue(ISymbol member, SemanticModel? currentModel)
        {
            var type = member.ContainingType;
            if (type is null || currentModel is null)
                return null;
            IOperation? found = null;
            var count = 0;
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                var typeSyntax = reference.GetSyntax();
                var model = GetModel(currentModel, typeSyntax.SyntaxTree);
                if (model is null)
                    continue;
                foreach (var node in typeSyntax.DescendantNodes())
                {
                    switch (node)
                    {
                        case VariableDeclaratorSyntax { Initializer: not null } declarator when declarator.Identifier.ValueText == member.Name && declarator.Parent?.Parent is FieldDeclarationSyntax:
                            if (InitializerValue(model, declarator.Initializer) is { } init)
                            {
                                found = init;
                                count++;
                            }

                            break;
                        case PropertyDeclarationSyntax { Initializer: not null } property when property.Identifier.ValueText == member.Name:
                            if (InitializerValue(model, property.Initializer) is { } propertyInit)
                            {
                                found = propertyInit;
                                count++;
                            }

                            break;
                        case AssignmentExpressionSyntax assignment when TargetName(assignment.Left) == member.Name:
                            if (model.GetOperation(assignment) is ISimpleAssignmentOperation simple && IsMemberReference(simple.Target, member))
                            {
                                found = simple.Value;
                                count++;
                            }
                            else if (model.GetOperation(assignment) is ICompoundAssignmentOperation or ICoalesceAssignmentOperation)
                            {
                                count += 2;
                            }

                            break;
                    }
                }
            }

            return count == 1 ? found : null;
        }

        /// <summary>
        /// The value of a field or property initializer. Binding the whole `= ...` clause (not its expression) matters for an
        /// array initializer without `new` (`string[] Columns = { "A", "B" };`): its expression alone binds to the bare
        /// initializer list, while the clause's value is the array creation, as for a local.
        /// </summary>
        private static IOperation? InitializerValue(SemanticModel model, EqualsValueClauseSyntax clause)
        {
            if (model.GetOperation(clause) is ISymbolInitializerOperation initializer)
                return initializer.Value;
            return model.GetOperation(clause.Value);
        }

        private static bool IsMemberReference(IOperation target, ISymbol member)
        {
            return target switch
            {
                IFieldReferenceOperation f => SymbolEqualityComparer.Default.Equals(f.Field, member),
                IPropertyReferenceOperation p => SymbolEqualityComparer.Default.Equals(p.Property, member),
                _ => false,
            };
        }

        private static string? TargetName(ExpressionSyntax expression)
        {
            return expression switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access => access.Name.Identifier.ValueText,
                _ => null,
            };
        }

        /// <summary>The expressions a source method returns (expression body or each return statement).</summary>
        public static IReadOnlyList<IOperation> GetReturnedValues(IMethodSymbol method, SemanticModel? currentModel)
        {
            var body = GetBodyOperation(method, currentModel);
            if (body is null)
                return new IOperation[0];
            return body.DescendantsAndSelf()
                .OfType<IReturnOperation>()
                .Where(r => r.ReturnedValue is not null && !IsInNestedFunction(r, body))
                .Select(r => r.ReturnedValue!)
                .ToList();
        }

        public static IOperation? GetBodyOperation(IMethodSymbol method, SemanticModel? currentModel)
        {
            if (currentModel is null || method.DeclaringSyntaxReferences.Length != 1)
                return null;
            var syntax = method.DeclaringSyntaxReferences[0].GetSyntax();
            var model = GetModel(currentModel, syntax.SyntaxTree);
            if (model is null)
                return null;
            return syntax switch
            {
                BaseMethodDeclarationSyntax { Body: { } body } => model.GetOperation(body),
                BaseMethodDeclarationSyntax { ExpressionBody: { } arrow } => model.GetOperation(arrow),
                LocalFunctionStatementSyntax { Body: { } localBody } => model.GetOperation(localBody),
                LocalFunctionStatementSyntax { ExpressionBody: { } localArrow } => model.GetOperation(localArrow),
                _ => null,
            };
        }

        private static bool IsInNestedFunction(IOperation operation, IOperation body)
        {
            for (var current = operation.Parent; current is not null && current != body; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                    return true;
            }

            return false;
        }

        /// <summary>
        /// The calls of a source method: in its type when it is private (or a local function), else anywhere in the compilation (a static helper
        /// class is usually called from another type). Call sites are found by name first, so only those are bound.
        /// </summary>
        public static IEnumerable<IInvocationOperation> CallersOf(IMethodSymbol method, SemanticModel currentModel, CancellationToken cancellationToken)
        {
            var target = method.OriginalDefinition;
            var roots = method.DeclaredAccessibility == Accessibility.Private || method.MethodKind == MethodKind.LocalFunction
                ? method.ContainingType.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken))
                : currentModel.Compilation.SyntaxTrees.Select(t => t.GetRoot(cancellationToken));
            foreach (var root in roots)
            {
                SemanticModel? model = null;
                foreach (var call in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    if (InvokedName(call.Expression) != method.Name)
                        continue;
                    model ??= GetModel(currentModel, root.SyntaxTree);
                    if (model is null)
                        break;
                    if (model.GetOperation(call, cancellationToken) is IInvocationOperation operation && SymbolEqualityComparer.Default.Equals(operation.TargetMethod.OriginalDefinition, target))
                        yield return operation;
                }
            }
        }

        private static string? InvokedName(ExpressionSyntax expression)
        {
            return expression switch
            {
                SimpleNameSyntax name => name.Identifier.ValueText,
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
                _ => null,
            };
        }

#pragma warning disable RS1030 // Helper methods and fields may live in another file of the same compilation; their semantic model is only built when a rule follows a value there.
        public static SemanticModel? GetModel(SemanticModel currentModel, SyntaxTree tree)
        {
            if (currentModel.SyntaxTree == tree)
                return currentModel;
            var compilation = currentModel.Compilation;
            return compilation.ContainsSyntaxTree(tree) ? compilation.GetSemanticModel(tree) : null;
        }
#pragma warning restore RS1030

        /// <summary>A key naming where a value is stored (local, parameter, field, or property of such), to compare two uses.</summary>
        public static string? StorageKey(IOperation operation)
        {
            operation = operation.Unwrap();
            switch (operation)
            {
                case ILocalReferenceOperation local:
                    return "L:" + local.Local.Name + "@" + local.Local.Locations.FirstOrDefault()?.SourceSpan.Start;
                case IParameterReferenceOperation parameter:
                    return "P:" + parameter.Parameter.Name + "@" + parameter.Parameter.ContainingSymbol?.Name;
                case IFieldReferenceOperation field:
                    return "F:" + field.Field.ToDisplayString() + (field.Instance is null or IInstanceReferenceOperation ? string.Empty : "/" + StorageKey(field.Instance));
                case IPropertyReferenceOperation property when property.Arguments.Length == 0:
                    var instanceKey = property.Instance is null ? string.Empty : StorageKey(property.Instance);
                    if (property.Instance is not null && property.Instance is not IInstanceReferenceOperation && instanceKey is null)
                        return null;
                    return "Q:" + property.Property.Name + "/" + instanceKey;
                default:
                    return null;
            }
        }
    }
}
