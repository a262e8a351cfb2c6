using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Corpus.B2TorchWhileLoop;

public sealed class Agent
{
    private readonly Module<Tensor, Tensor> _policy = Sequential(Linear(4, 32), Tanh(), Linear(32, 2));
    private readonly torch.optim.Optimizer _optimizer;

    public Agent()
    {
        _optimizer = torch.optim.RMSProp(_policy.parameters()); // expect PMC011
    }

    public void Learn(Func<(Tensor State, Tensor Target)?> nextBatch)
    {
        while (nextBatch() is { } batch) // expect PMC010
        {
            var logits = _policy.forward(batch.State); // expect PMC009
            var loss = functional.cross_entropy(logits, batch.Target);
            loss.backward(); // expect PMC007
            _optimizer.step(); // expect PMC004
        }
    }
}
