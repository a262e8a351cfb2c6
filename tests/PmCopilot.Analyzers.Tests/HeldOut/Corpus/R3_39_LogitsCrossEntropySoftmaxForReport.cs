// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Documents.Routing;

public sealed class RouterNet : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _hidden;
    private readonly Module<Tensor, Tensor> _logits;

    public RouterNet(int inputs, int departments) : base(nameof(RouterNet))
    {
        _hidden = Sequential(Linear(inputs, 256), ReLU(), Dropout(0.4));
        _logits = Linear(256, departments);
        RegisterComponents();
    }

    // Returns raw logits; CrossEntropyLoss applies log-softmax itself.
    public override Tensor forward(Tensor x)
    {
        using var h = _hidden.forward(x);
        return _logits.forward(h);
    }
}

public static class Routing
{
    public static void Train<TModule>(TModule model, IEnumerable<(Tensor X, Tensor Y)> batches, int epochs)
        where TModule : Module<Tensor, Tensor>
    {
        var optimizer = torch.optim.Adam(model.parameters(), lr: 2e-4);
        var scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, new[] { 10, 20 }, gamma: 0.1);
        var criterion = CrossEntropyLoss();
        var cached = batches.ToList();

        for (var epoch = 0; epoch < epochs; epoch++)
        {
            model.train();
            foreach (var (x, y) in cached)
            {
                using var scope = torch.NewDisposeScope();
                optimizer.zero_grad();
                var logits = model.call(x);
                var loss = criterion.call(logits, y);
                loss.backward();
                optimizer.step();
            }

            scheduler.step();
        }
    }

    public static float[] PredictProba<TModule>(TModule model, Tensor document)
        where TModule : Module<Tensor, Tensor>
    {
        model.eval();
        using var _ = torch.no_grad();
        using var logits = model.call(document.unsqueeze(0));
        using var probabilities = functional.softmax(logits, 1);
        return probabilities.squeeze(0).data<float>().ToArray();
    }

    public static void Main()
    {
        torch.manual_seed(555);
        var model = new RouterNet(300, 8);
        var batches = Enumerable.Range(0, 40)
            .Select(_ => (torch.randn(32, 300), torch.randint(0, 8, new long[] { 32 })))
            .ToList();
        Train(model, batches, epochs: 25);

        var incoming = torch.randn(300);
        var probabilities = PredictProba(model, incoming);
        var best = Array.IndexOf(probabilities, probabilities.Max());
        Console.WriteLine($"route to department {best} (p={probabilities[best]:P0})");
    }
}
