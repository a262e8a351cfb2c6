// expect: PMC010@56, PMC006@58
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Retail.Shelves;

public sealed class ShelfClassifier : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _features;
    private readonly Module<Tensor, Tensor> _head;

    public ShelfClassifier() : base(nameof(ShelfClassifier))
    {
        _features = Sequential(Linear(96, 64), BatchNorm1d(64), ReLU());
        _head = Linear(64, 5);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var f = _features.forward(x);
        return _head.forward(f);
    }
}

public sealed class ShelfExperiment
{
    private readonly ShelfClassifier _model = new();

    public void Train(IReadOnlyList<(Tensor X, Tensor Y)> trainBatches, int epochs)
    {
        var optimizer = torch.optim.Adam(_model.parameters(), lr: 1e-3, weight_decay: 1e-4);
        var criterion = CrossEntropyLoss();
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            _model.train();
            foreach (var (x, y) in trainBatches)
            {
                using var scope = torch.NewDisposeScope();
                optimizer.zero_grad();
                var loss = criterion.call(_model.call(x), y);
                loss.backward();
                optimizer.step();
            }
        }
    }

    public double Evaluate(IEnumerable<(Tensor X, Tensor Y)> testBatches)
    {
        _model.eval();
        long correct = 0, total = 0;
        foreach (var (x, y) in testBatches)
        {
            var logits = _model.call(x);
            correct += logits.argmax(1).eq(y).sum().item<long>();
            total += y.shape[0];
        }

        return correct / (double)total;
    }

    public static void Main()
    {
        torch.manual_seed(5);
        List<(Tensor X, Tensor Y)> MakeBatches(int count) => Enumerable.Range(0, count)
            .Select(_ => (torch.randn(32, 96), torch.randint(0, 5, new long[] { 32 })))
            .ToList();

        var experiment = new ShelfExperiment();
        experiment.Train(MakeBatches(50), epochs: 10);
        Console.WriteLine($"test accuracy {experiment.Evaluate(MakeBatches(10)):P1}");
    }
}
