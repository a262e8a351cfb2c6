using System.Linq;
using Microsoft.CodeAnalysis;

namespace PmCopilot.Analyzers.Infrastructure
{
    internal static class SymbolExtensions
    {
        public static bool InheritsFromOrEquals(this ITypeSymbol type, ITypeSymbol? baseType) => InheritsFromOrEquals(type, baseType, depth: 0);

        private static bool InheritsFromOrEquals(ITypeSymbol type, ITypeSymbol? baseType, int depth)
        {
            if (baseType is null)
                return false;
            // `TModule model` with `where TModule : Module<Tensor, Tensor>` is that module: its constraints stand in for a base type
            // (the depth bound guards against the cyclic constraints of code that does not compile).
            if (type is ITypeParameterSymbol typeParameter)
                return depth < 8 && typeParameter.ConstraintTypes.Any(c => InheritsFromOrEquals(c, baseType, depth + 1));
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType.OriginalDefinition))
                    return true;
            }

            return false;
        }

        public static bool IsDeclaredInSource(this ISymbol symbol) => symbol.Locations.Length > 0 && symbol.Locations[0].IsInSource;
    }
}
