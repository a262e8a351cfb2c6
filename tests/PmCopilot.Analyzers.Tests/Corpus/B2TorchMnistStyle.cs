using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace Corpus.B2TorchMnistStyle;

public sealed class Mlp : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> fc1;
    private readonly Module<Tensor, Tensor> fc2;
    private readonly Module<Tensor, Tensor> drop;

    public Mlp(long inputs, long classes) : base(nameof(Mlp))
    {
        fc1 = Linear(inputs, 128);
        fc2 = Linear(128, classes);
        drop = Dropout(0.5);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var hidden = relu(fc1.call(input));
        return log_softmax(fc2.call(drop.call(hidden)), 1);
    }
}

public static class Train
{
    public static void Epochs(Mlp model, IEnumerable<(Tensor Data, Tensor Target)> trainBatches, IEnumerable<(Tensor Data, Tensor Target)> testBatches)
    {
        torch.manual_seed(1);
        var optimizer = torch.optim.SGD(model.parameters(), 0.01, momentum: 0.5);
        var criterion = NLLLoss();
        for (var epoch = 1; epoch <= 3; epoch++)
        {
            model.train();
            foreach (var (data, target) in trainBatches)
            {
                using var scope = torch.NewDisposeScope();
                optimizer.zero_grad();
                var loss = criterion.call(model.call(data), target);
                loss.backward();
                optimizer.step();
            }

            long correct = 0;
            foreach (var (data, target) in testBatches) // expect PMC010
            {
                var output = model.call(data); // expect PMC005 PMC006
                correct += output.argmax(1).eq(target).sum().item<long>();
            }

            System.Console.WriteLine(correct);
        }
    }
}
