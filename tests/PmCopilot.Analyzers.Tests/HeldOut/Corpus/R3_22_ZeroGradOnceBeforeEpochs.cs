// expect: PMC007@54, PMC004@55
using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Tabular.Regression;

public sealed class Mlp : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _layers;

    public Mlp(int inputs) : base(nameof(Mlp))
    {
        _layers = Sequential(Linear(inputs, 64), ReLU(), Linear(64, 32), ReLU(), Linear(32, 1));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => _layers.forward(x);
}

public static class Trainer
{
    private static IEnumerable<(Tensor X, Tensor Y)> Batches(Tensor x, Tensor y, long batchSize)
    {
        for (long start = 0; start < x.shape[0]; start += batchSize)
        {
            var length = Math.Min(batchSize, x.shape[0] - start);
            yield return (x.narrow(0, start, length), y.narrow(0, start, length));
        }
    }

    public static void Main()
    {
        var trainX = torch.randn(4096, 20);
        var trainY = trainX.sum(1, keepdim: true) * 0.1f;
        var testX = torch.randn(512, 20);
        var testY = testX.sum(1, keepdim: true) * 0.1f;

        var model = new Mlp(20);
        var optimizer = torch.optim.SGD(model.parameters(), learningRate: 0.01, momentum: 0.9);
        var scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size: 10, gamma: 0.5);
        var criterion = MSELoss();

        model.train();
        optimizer.zero_grad();
        for (var epoch = 0; epoch < 40; epoch++)
        {
            foreach (var (xb, yb) in Batches(trainX, trainY, 128))
            {
                using var scope = torch.NewDisposeScope();
                var loss = criterion.call(model.call(xb), yb);
                loss.backward();
                optimizer.step();
            }

            scheduler.step();
        }

        model.eval();
        using var noGrad = torch.no_grad();
        var testLoss = criterion.call(model.call(testX), testY).item<float>();
        Console.WriteLine($"test MSE {testLoss:F4}");
    }
}
