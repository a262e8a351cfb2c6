using Microsoft.CodeAnalysis;

namespace PmCopilot.Analyzers.Infrastructure
{
    internal static class SymbolExtensions
    {
        public static bool InheritsFromOrEquals(this ITypeSymbol type, ITypeSymbol? baseType)
        {
            if (baseType is null)
                return false;
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
