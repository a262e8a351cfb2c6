using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Corpus.CleanTorchLoop;

public sealed class Classifier : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _hidden = Linear(8, 64);
    private readonly Module<Tensor, Tensor> _dropout = Dropout(0.2);
    private readonly Module<Tensor, Tensor> _output = Linear(64, 3);

    public Classifier() : base(nameof(Classifier))
    {
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var hidden = functional.relu(_hidden.forward(input));
        return _output.forward(_dropout.forward(hidden));
    }
}

public static class Program
{
    public static void Run(Tensor trainX, Tensor trainY, Tensor testX, Tensor testY)
    {
        torch.manual_seed(17);
        var model = new Classifier();
        var optimizer = torch.optim.Adam(model.parameters(), lr: 1e-3);
        var criterion = CrossEntropyLoss();

        for (var epoch = 0; epoch < 20; epoch++)
        {
            using var scope = torch.NewDisposeScope();
            model.train();
            optimizer.zero_grad();
            var loss = criterion.call(model.call(trainX), trainY);
            loss.backward();
            optimizer.step();
        }

        model.eval();
        using (torch.no_grad())
        {
            var predicted = model.call(testX).argmax(1);
            var accuracy = predicted.eq(testY).sum().item<long>() / (double)testY.shape[0];
            System.Console.WriteLine(accuracy);
        }
    }
}
