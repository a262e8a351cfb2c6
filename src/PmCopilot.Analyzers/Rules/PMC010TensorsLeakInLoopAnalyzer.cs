using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PmCopilot.Analyzers.Infrastructure;

namespace PmCopilot.Analyzers.Rules
{
    /// <summary>PMC010: a training or inference loop allocates tensors every iteration and nothing disposes them.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PMC010TensorsLeakInLoopAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = RuleHelp.Create(
            RuleIdentifiers.TensorsLeakInLoop,
            title: "Tensors leak in a loop",
            messageFormat: "This loop allocates tensors on every iteration and never disposes them; open 'using var scope = torch.NewDisposeScope();' at the start of the loop body",
            RuleCategories.Resources,
            DiagnosticSeverity.Warning,
            description: "TorchSharp tensors hold native memory that the .NET garbage collector does not see; per-iteration temporaries pile up until the process runs out of (GPU) memory.");

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
                start.RegisterOperationAction(c => Analyze(c, torch), OperationKind.Loop);
            });
        }

        private static void Analyze(OperationAnalysisContext context, TorchSymbols torch)
        {
            var loop = (ILoopOperation)context.Operation;
            var invocations = loop.Body.Invocations().ToList();
            var runsModel = invocations.Any(i => torch.IsBackward(i.TargetMethod) || (torch.IsModuleInvocation(i.TargetMethod) && !TorchFacts.IsLossModule(i.Instance?.Type)));
            if (!runsModel)
                return;
            var allocatesHere = invocations.Any(i => torch.IsTensor(i.Type) && i.GetEnclosingLoop() == loop)
                || loop.Body.DescendantsAndSelf().OfType<IBinaryOperation>().Any(b => torch.IsTensor(b.Type) && b.GetEnclosingLoop() == loop);
            if (!allocatesHere)
                return;
            if (DisposesInside(loop, torch) || HasEnclosingScope(loop, torch))
                return;
            context.ReportDiagnostic(Diagnostic.Create(Rule, loop.Syntax.GetFirstToken().GetLocation()));
        }

        private static bool DisposesInside(ILoopOperation loop, TorchSymbols torch)
        {
            foreach (var operation in loop.Body.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IInvocationOperation invocation when invocation.TargetMethod.Name is "NewDisposeScope" or "WrappedTensorDisposeScope" || (invocation.TargetMethod.Name == "Dispose" && torch.IsTensor(invocation.Instance?.Type)):
                        return true;
                    case IUsingDeclarationOperation declaration when declaration.DeclarationGroup.Declarations.SelectMany(d => d.Declarators).Any(d => torch.IsTensor(d.Symbol.Type) || d.Symbol.Type.Name == "DisposeScope"):
                        return true;
                    case IUsingOperation usingOperation when usingOperation.Resources.DescendantsAndSelf().Any(o => torch.IsTensor(o.Type) || o.Type?.Name == "DisposeScope"):
                        return true;
                }
            }

            return false;
        }

        /// <summary>A dispose scope opened around the loop inside an outer loop still frees memory per outer iteration: not the leak this rule means.</summary>
        private static bool HasEnclosingScope(ILoopOperation loop, TorchSymbols torch)
        {
            IOperation child = loop;
            for (var current = loop.Parent; current is not null; child = current, current = current.Parent)
            {
                if (current is IUsingOperation usingOperation && usingOperation.Resources.Invocations().Any(i => i.TargetMethod.Name == "NewDisposeScope"))
                    return true;
                if (current is IBlockOperation block)
                {
                    foreach (var statement in block.Operations)
                    {
                        if (statement == child)
                            break;
                        if (statement is IUsingDeclarationOperation declaration && declaration.Invocations().Any(i => i.TargetMethod.Name == "NewDisposeScope"))
                            return true;
                    }
                }

                if (current is IAnonymousFunctionOperation lambda && lambda.Parent?.Parent is IArgumentOperation { Parent: IInvocationOperation wrapper } && wrapper.TargetMethod.Name == "WrappedTensorDisposeScope")
                    return true;
            }

            return false;
        }
    }
}
