using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PmCopilot.Analyzers.Infrastructure
{
    /// <summary>Why a model call counts as evaluation rather than a training step.</summary>
    internal sealed class EvaluationContext
    {
        public bool UnderNoGrad { get; private set; }
        public bool? ModeBefore { get; private set; }
        public bool InTrainingLoop { get; private set; }
        public bool AfterTraining { get; private set; }
        public bool NamedEvaluation { get; private set; }
        public string Key { get; private set; } = string.Empty;

        public bool IsEvaluation => UnderNoGrad || ModeBefore == true || (!InTrainingLoop && (AfterTraining || NamedEvaluation));

        public static EvaluationContext? For(IInvocationOperation call, TorchSymbols torch)
        {
            var key = call.Instance is null ? null : ValueTracker.StorageKey(call.Instance);
            if (key is null)
                return null;
            var root = call.GetRoot();
            var method = call.GetContainingMethod(call.SemanticModel);
            var trainingLoops = root.DescendantsAndSelf().OfType<ILoopOperation>().Where(l => TorchFacts.ContainsBackward(l, torch)).ToList();
            return new EvaluationContext
            {
                Key = key,
                UnderNoGrad = TorchFacts.IsUnderNoGrad(call, torch),
                ModeBefore = TorchFacts.ModeBefore(root, TorchFacts.ModeKeys(call.Instance!, torch), call.Position(), torch),
                // Training means sharing the innermost loop with a backward(): a test loop nested in the epoch loop is evaluation.
                InTrainingLoop = call.GetEnclosingLoop() is { } innermost && root.Invocations().Any(i => torch.IsBackward(i.TargetMethod) && i.GetEnclosingLoop() == innermost),
                AfterTraining = trainingLoops.Any(l => l.Syntax.Span.End <= call.Position()),
                NamedEvaluation = TorchFacts.HasEvaluationName(method) && !TorchFacts.ContainsBackward(root, torch),
            };
        }
    }
}
