// expect: none
using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Logistics.Demand;

public sealed class DemandNet : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _net;

    public DemandNet(int inputs) : base(nameof(DemandNet))
    {
        _net = Sequential(Linear(inputs, 64), ReLU(), Dropout(0.15), Linear(64, 1));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => _net.forward(x);
}

public static class DemandTraining
{
    private static IEnumerable<(Tensor X, Tensor Y)> Shuffled(Tensor x, Tensor y, long batchSize)
    {
        var order = torch.randperm(x.shape[0]);
        for (long start = 0; start + batchSize <= x.shape[0]; start += batchSize)
        {
            var idx = order.narrow(0, start, batchSize);
            yield return (x.index_select(0, idx), y.index_select(0, idx));
        }
    }

    public static void Main()
    {
        torch.manual_seed(17);
        var trainX = torch.randn(6400, 14);
        var trainY = torch.randn(6400, 1);
        var valX = torch.randn(800, 14);
        var valY = torch.randn(800, 1);

        var model = new DemandNet(14);
        var optimizer = torch.optim.Adam(model.parameters(), lr: 1e-3);
        var scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma: 0.97);
        var criterion = HuberLoss();

        for (var epoch = 0; epoch < 30; epoch++)
        {
            using var epochScope = torch.NewDisposeScope();
            model.train();
            var trainLoss = 0.0;
            var batches = 0;
            foreach (var (xb, yb) in Shuffled(trainX, trainY, 64))
            {
                optimizer.zero_grad();
                var loss = criterion.call(model.call(xb), yb);
                loss.backward();
                optimizer.step();
                trainLoss += loss.item<float>();
                batches++;
            }

            scheduler.step();

            model.eval();
            using (torch.no_grad())
            {
                var valLoss = criterion.call(model.call(valX), valY).item<float>();
                Console.WriteLine($"epoch {epoch}: train {trainLoss / batches:F4} val {valLoss:F4}");
            }
        }
    }
}
