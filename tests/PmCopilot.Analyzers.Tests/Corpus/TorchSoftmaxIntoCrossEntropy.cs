using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Corpus.TorchSoftmaxIntoCrossEntropy;

public sealed class Net : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _fc1 = Linear(20, 50);
    private readonly Module<Tensor, Tensor> _fc2 = Linear(50, 5);

    public Net() : base("net") => RegisterComponents();

    public override Tensor forward(Tensor x)
    {
        x = functional.relu(_fc1.call(x));
        return functional.softmax(_fc2.call(x), 1);
    }
}

public static class Training
{
    public static void Run(Tensor x, Tensor y)
    {
        torch.random.manual_seed(3);
        var net = new Net();
        var optimizer = torch.optim.SGD(net.parameters(), 0.05);
        var lossFn = CrossEntropyLoss();
        for (var step = 0; step < 50; step++)
        {
            using var _ = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = lossFn.call(net.call(x), y); // expect PMC008
            loss.backward();
            optimizer.step();
        }
    }

    public static void RunFunctional(Tensor x, Tensor y, Module<Tensor, Tensor> model)
    {
        var optimizer = torch.optim.SGD(model.parameters(), 0.01);
        for (var step = 0; step < 50; step++)
        {
            using var _ = torch.NewDisposeScope();
            optimizer.zero_grad();
            var logits = model.call(x);
            var probabilities = logits.log_softmax(1);
            var loss = functional.cross_entropy(probabilities, y); // expect PMC008
            loss.backward();
            optimizer.step();
        }
    }
}
