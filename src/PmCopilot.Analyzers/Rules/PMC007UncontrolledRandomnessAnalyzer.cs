using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PmCopilot.Analyzers.Infrastructure;

namespace PmCopilot.Analyzers.Rules
{
    /// <summary>PMC007: `new MLContext()` without a seed, or TorchSharp training with no manual_seed anywhere in the compilation.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PMC007UncontrolledRandomnessAnalyzer : DiagnosticAnalyzer
    {
        public const string KindProperty = "Kind";
        public const string MlContextKind = "MLContext";
        public const string TorchKind = "Torch";

        internal static readonly DiagnosticDescriptor Rule = RuleHelp.Create(
            RuleIdentifiers.UncontrolledRandomness,
            title: "Uncontrolled randomness",
            messageFormat: "{0}",
            RuleCategories.Reproducibility,
            DiagnosticSeverity.Info,
            description: "Shuffling, splits and weight initialization draw random numbers; without a fixed seed two runs give different models and metrics.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var ml = MlSymbols.TryCreate(start.Compilation);
                if (ml is not null)
                    start.RegisterOperationAction(c => AnalyzeCreation(c, ml), OperationKind.ObjectCreation);

                var torch = TorchSymbols.TryCreate(start.Compilation);
                if (torch is not null)
                {
                    var compilation = start.Compilation;
                    // A seed set anywhere (often in Main) covers training elsewhere; the text scan only ever suppresses a report.
                    var seeded = new Lazy<bool>(() => compilation.SyntaxTrees.Any(t => t.GetText().ToString().IndexOf("manual_seed", StringComparison.Ordinal) >= 0));
                    start.RegisterOperationBlockAction(c => AnalyzeTorch(c, torch, seeded));
                }
            });
        }

        private static void AnalyzeCreation(OperationAnalysisContext context, MlSymbols ml)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (!SymbolEqualityComparer.Default.Equals(creation.Type, ml.MLContext))
                return;
            var seed = creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "seed");
            var unseeded = seed is null || seed.ArgumentKind == ArgumentKind.DefaultValue || (seed.Value.ConstantValue.HasValue && seed.Value.ConstantValue.Value is null);
            if (!unseeded)
                return;
            var properties = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, MlContextKind);
            context.ReportDiagnostic(Diagnostic.Create(Rule, creation.Syntax.GetLocation(), properties, "MLContext is created without a seed; pass one (new MLContext(seed: 1)) so splits, shuffles and trainers are reproducible"));
        }

        private static void AnalyzeTorch(OperationBlockAnalysisContext context, TorchSymbols torch, Lazy<bool> seeded)
        {
            foreach (var block in context.OperationBlocks)
            {
                var invocations = block.Invocations().ToList();
                var backward = invocations.FirstOrDefault(i => torch.IsBackward(i.TargetMethod));
                if (backward is null || !invocations.Any(i => torch.IsOptimizerStep(i.TargetMethod)))
                    continue;
                if (invocations.Any(i => torch.IsManualSeed(i.TargetMethod)) || seeded.Value)
                    continue;
                var properties = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, TorchKind);
                context.ReportDiagnostic(Diagnostic.Create(Rule, backward.Syntax.GetLocation(), properties, "TorchSharp training runs without torch.manual_seed; seed it before building the model so weights and batches are reproducible"));
                return;
            }
        }
    }
}
