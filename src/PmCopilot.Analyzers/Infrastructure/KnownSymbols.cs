using System.Linq;
using Microsoft.CodeAnalysis;

namespace PmCopilot.Analyzers.Infrastructure
{
    /// <summary>ML.NET types the rules key on, resolved once per compilation.</summary>
    internal sealed class MlSymbols
    {
        private MlSymbols(Compilation compilation)
        {
            MLContext = compilation.GetTypeByMetadataName("Microsoft.ML.MLContext")!;
            StandardTrainersCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.StandardTrainersCatalog");
            KMeansClusteringExtensions = compilation.GetTypeByMetadataName("Microsoft.ML.KMeansClusteringExtensions");
            PcaCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.PcaCatalog");
            NormalizationCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.NormalizationCatalog");
            TransformExtensionsCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.TransformExtensionsCatalog");
            TextCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.TextCatalog");
            CategoricalCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.CategoricalCatalog");
            ConversionsCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.ConversionsCatalog");
            ConversionsExtensionsCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.ConversionsExtensionsCatalog");
            ExtensionsCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.ExtensionsCatalog");
            FeatureSelectionCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.FeatureSelectionCatalog");
            LearningPipelineExtensions = compilation.GetTypeByMetadataName("Microsoft.ML.LearningPipelineExtensions");
            EstimatorChain = compilation.GetTypeByMetadataName("Microsoft.ML.Data.EstimatorChain`1");
            DataOperationsCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.DataOperationsCatalog");
            TrainTestData = compilation.GetTypeByMetadataName("Microsoft.ML.DataOperationsCatalog+TrainTestData");
            IEstimator = compilation.GetTypeByMetadataName("Microsoft.ML.IEstimator`1");
            ITransformer = compilation.GetTypeByMetadataName("Microsoft.ML.ITransformer");
            IDataView = compilation.GetTypeByMetadataName("Microsoft.ML.IDataView");
            BinaryClassificationCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.BinaryClassificationCatalog");
            MulticlassClassificationCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.MulticlassClassificationCatalog");
            RegressionCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.RegressionCatalog");
            ClusteringCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.ClusteringCatalog");
            RankingCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.RankingCatalog");
            AnomalyDetectionCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.AnomalyDetectionCatalog");
            BinaryClassificationMetrics = compilation.GetTypeByMetadataName("Microsoft.ML.Data.BinaryClassificationMetrics");
            TextLoaderSaverCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.TextLoaderSaverCatalog");
        }

        public INamedTypeSymbol MLContext { get; }
        public INamedTypeSymbol? StandardTrainersCatalog { get; }
        public INamedTypeSymbol? KMeansClusteringExtensions { get; }
        public INamedTypeSymbol? PcaCatalog { get; }
        public INamedTypeSymbol? NormalizationCatalog { get; }
        public INamedTypeSymbol? TransformExtensionsCatalog { get; }
        public INamedTypeSymbol? TextCatalog { get; }
        public INamedTypeSymbol? CategoricalCatalog { get; }
        public INamedTypeSymbol? ConversionsCatalog { get; }
        public INamedTypeSymbol? ConversionsExtensionsCatalog { get; }
        public INamedTypeSymbol? ExtensionsCatalog { get; }
        public INamedTypeSymbol? FeatureSelectionCatalog { get; }
        public INamedTypeSymbol? LearningPipelineExtensions { get; }
        public INamedTypeSymbol? EstimatorChain { get; }
        public INamedTypeSymbol? DataOperationsCatalog { get; }
        public INamedTypeSymbol? TrainTestData { get; }
        public INamedTypeSymbol? IEstimator { get; }
        public INamedTypeSymbol? ITransformer { get; }
        public INamedTypeSymbol? IDataView { get; }
        public INamedTypeSymbol? BinaryClassificationCatalog { get; }
        public INamedTypeSymbol? MulticlassClassificationCatalog { get; }
        public INamedTypeSymbol? RegressionCatalog { get; }
        public INamedTypeSymbol? ClusteringCatalog { get; }
        public INamedTypeSymbol? RankingCatalog { get; }
        public INamedTypeSymbol? AnomalyDetectionCatalog { get; }
        public INamedTypeSymbol? BinaryClassificationMetrics { get; }
        public INamedTypeSymbol? TextLoaderSaverCatalog { get; }

        /// <summary>Null when the compilation does not reference ML.NET: the ML.NET rules then register nothing.</summary>
        public static MlSymbols? TryCreate(Compilation compilation)
        {
            return compilation.GetTypeByMetadataName("Microsoft.ML.MLContext") is null ? null : new MlSymbols(compilation);
        }

        public bool IsEvaluateCatalog(INamedTypeSymbol? type)
        {
            return type is not null && (SymbolEqualityComparer.Default.Equals(type, BinaryClassificationCatalog)
                || SymbolEqualityComparer.Default.Equals(type, MulticlassClassificationCatalog)
                || SymbolEqualityComparer.Default.Equals(type, RegressionCatalog)
                || SymbolEqualityComparer.Default.Equals(type, ClusteringCatalog)
                || SymbolEqualityComparer.Default.Equals(type, RankingCatalog)
                || SymbolEqualityComparer.Default.Equals(type, AnomalyDetectionCatalog));
        }

        public bool IsFit(IMethodSymbol method)
        {
            return method.Name == "Fit" && (method.ContainingType.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, IEstimator)) || SymbolEqualityComparer.Default.Equals(method.ContainingType.OriginalDefinition, IEstimator));
        }

        public bool IsTransform(IMethodSymbol method)
        {
            return method.Name == "Transform" && method.Parameters.Length == 1 && (method.ContainingType.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, ITransformer)) || SymbolEqualityComparer.Default.Equals(method.ContainingType, ITransformer));
        }

        public bool IsAppend(IMethodSymbol method)
        {
            if (method.Name != "Append")
                return false;
            var type = method.ContainingType.OriginalDefinition;
            return SymbolEqualityComparer.Default.Equals(type, LearningPipelineExtensions) || SymbolEqualityComparer.Default.Equals(type, EstimatorChain);
        }
    }

    /// <summary>TorchSharp types the rules key on, resolved once per compilation.</summary>
    internal sealed class TorchSymbols
    {
        private TorchSymbols(Compilation compilation, INamedTypeSymbol torch)
        {
            Torch = torch;
            Nn = compilation.GetTypeByMetadataName("TorchSharp.torch+nn");
            Functional = compilation.GetTypeByMetadataName("TorchSharp.torch+nn+functional");
            Optim = compilation.GetTypeByMetadataName("TorchSharp.torch+optim");
            Random = compilation.GetTypeByMetadataName("TorchSharp.torch+random");
            Special = compilation.GetTypeByMetadataName("TorchSharp.torch+special");
            Cuda = compilation.GetTypeByMetadataName("TorchSharp.torch+cuda");
            Tensor = compilation.GetTypeByMetadataName("TorchSharp.torch+Tensor");
            Module = compilation.GetTypeByMetadataName("TorchSharp.torch+nn+Module");
            Optimizer = compilation.GetTypeByMetadataName("TorchSharp.torch+optim+Optimizer");
            CrossEntropyLoss = compilation.GetTypeByMetadataName("TorchSharp.Modules.CrossEntropyLoss");
            BCELoss = compilation.GetTypeByMetadataName("TorchSharp.Modules.BCELoss");
            Sequential = compilation.GetTypeByMetadataName("TorchSharp.Modules.Sequential");
            Linear = compilation.GetTypeByMetadataName("TorchSharp.Modules.Linear");
            Softmax = compilation.GetTypeByMetadataName("TorchSharp.Modules.Softmax");
            LogSoftmax = compilation.GetTypeByMetadataName("TorchSharp.Modules.LogSoftmax");
            Sigmoid = compilation.GetTypeByMetadataName("TorchSharp.Modules.Sigmoid");
            DisposeScope = compilation.GetTypeByMetadataName("TorchSharp.DisposeScope");
        }

        public INamedTypeSymbol Torch { get; }
        public INamedTypeSymbol? Nn { get; }
        public INamedTypeSymbol? Functional { get; }
        public INamedTypeSymbol? Optim { get; }
        public INamedTypeSymbol? Random { get; }
        public INamedTypeSymbol? Special { get; }
        public INamedTypeSymbol? Cuda { get; }
        public INamedTypeSymbol? Tensor { get; }
        public INamedTypeSymbol? Module { get; }
        public INamedTypeSymbol? Optimizer { get; }
        public INamedTypeSymbol? CrossEntropyLoss { get; }
        public INamedTypeSymbol? BCELoss { get; }
        public INamedTypeSymbol? Sequential { get; }
        public INamedTypeSymbol? Linear { get; }
        public INamedTypeSymbol? Softmax { get; }
        public INamedTypeSymbol? LogSoftmax { get; }
        public INamedTypeSymbol? Sigmoid { get; }
        public INamedTypeSymbol? DisposeScope { get; }

        /// <summary>Null when the compilation does not reference TorchSharp.</summary>
        public static TorchSymbols? TryCreate(Compilation compilation)
        {
            var torch = compilation.GetTypeByMetadataName("TorchSharp.torch");
            return torch is null ? null : new TorchSymbols(compilation, torch);
        }

        public bool IsTensor(ITypeSymbol? type) => type is not null && type.InheritsFromOrEquals(Tensor);

        public bool IsModule(ITypeSymbol? type) => type is not null && type.InheritsFromOrEquals(Module);

        public bool IsOptimizer(ITypeSymbol? type) => type is not null && type.InheritsFromOrEquals(Optimizer);

        public bool IsTorchApi(IMethodSymbol method)
        {
            var ns = method.ContainingType?.ContainingNamespace;
            while (ns is not null && !ns.IsGlobalNamespace)
            {
                if (ns.Name == "TorchSharp" && ns.ContainingNamespace.IsGlobalNamespace)
                    return true;
                ns = ns.ContainingNamespace;
            }

            return false;
        }

        public bool IsStaticOf(IMethodSymbol method, INamedTypeSymbol? type, string name)
        {
            return method.Name == name && type is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, type);
        }

        /// <summary>A call that runs a module: <c>module.call(x)</c> or <c>module.forward(x)</c> on a TorchSharp module.</summary>
        public bool IsModuleInvocation(IMethodSymbol method)
        {
            return (method.Name == "call" || method.Name == "forward") && IsModule(method.ContainingType);
        }

        public bool IsBackward(IMethodSymbol method) => method.Name == "backward" && IsTensor(method.ContainingType);

        public bool IsOptimizerStep(IMethodSymbol method) => method.Name == "step" && IsOptimizer(method.ContainingType);

        public bool IsZeroGrad(IMethodSymbol method) => method.Name == "zero_grad" && (IsOptimizer(method.ContainingType) || IsModule(method.ContainingType));

        public bool IsNoGradScope(IMethodSymbol method)
        {
            if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, Torch))
                return false;
            return method.Name == "no_grad" || method.Name == "inference_mode" || method.Name == "set_grad_enabled" || method.Name == "enable_grad";
        }

        public bool IsManualSeed(IMethodSymbol method)
        {
            return (method.Name == "manual_seed" || method.Name == "manual_seed_all")
                && (SymbolEqualityComparer.Default.Equals(method.ContainingType, Torch)
                    || SymbolEqualityComparer.Default.Equals(method.ContainingType, Random)
                    || SymbolEqualityComparer.Default.Equals(method.ContainingType, Cuda));
        }

        public bool IsSoftmaxFamily(IMethodSymbol method, out bool isLog)
        {
            isLog = method.Name == "log_softmax";
            if (method.Name != "softmax" && method.Name != "log_softmax")
                return false;
            var type = method.ContainingType;
            return SymbolEqualityComparer.Default.Equals(type, Torch) || SymbolEqualityComparer.Default.Equals(type, Functional)
                || SymbolEqualityComparer.Default.Equals(type, Special) || IsTensor(type);
        }

        public bool IsSigmoid(IMethodSymbol method)
        {
            if (method.Name != "sigmoid" && method.Name != "expit")
                return false;
            var type = method.ContainingType;
            return SymbolEqualityComparer.Default.Equals(type, Torch) || SymbolEqualityComparer.Default.Equals(type, Functional)
                || SymbolEqualityComparer.Default.Equals(type, Special) || IsTensor(type);
        }
    }
}
