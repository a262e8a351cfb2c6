// expect: PMC008@54, PMC004@56
using System;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Vision.Digits;

public sealed class DigitNet : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _fc1;
    private readonly Module<Tensor, Tensor> _drop;
    private readonly Module<Tensor, Tensor> _fc2;

    public DigitNet(int inputs, int classes) : base(nameof(DigitNet))
    {
        _fc1 = Linear(inputs, 128);
        _drop = Dropout(0.25);
        _fc2 = Linear(128, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var hidden = functional.relu(_fc1.forward(x));
        using var dropped = _drop.forward(hidden);
        return _fc2.forward(dropped);
    }
}

public static class DigitTraining
{
    public static void Main()
    {
        torch.manual_seed(2024);
        // 8x8 grayscale digits, already in [0, 1].
        var trainX = torch.rand(1024, 64);
        var trainY = torch.randint(0, 10, new long[] { 1024 });
        var valX = torch.rand(256, 64);
        var valY = torch.randint(0, 10, new long[] { 256 });

        var model = new DigitNet(64, 10);
        var optimizer = torch.optim.SGD(model.parameters(), learningRate: 0.05, momentum: 0.9);
        var criterion = CrossEntropyLoss();

        var done = false;
        var iteration = 0;
        model.train();
        while (!done)
        {
            using var scope = torch.NewDisposeScope();
            var logits = model.call(trainX);
            var probabilities = functional.softmax(logits, 1);
            var loss = criterion.call(probabilities, trainY);
            loss.backward();
            optimizer.step();

            var current = loss.item<float>();
            iteration++;
            done = iteration >= 500 || current < 1.5f;
        }

        model.eval();
        using (torch.no_grad())
        {
            var predicted = model.call(valX).argmax(1);
            var accuracy = predicted.eq(valY).sum().item<long>() / (double)valY.shape[0];
            Console.WriteLine($"stopped after {iteration} iterations, validation accuracy {accuracy:P1}");
        }
    }
}
