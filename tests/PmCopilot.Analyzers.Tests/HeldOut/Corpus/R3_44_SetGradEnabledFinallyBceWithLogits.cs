// expect: none
using System;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Security.Phishing;

public sealed class PhishingNet : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _layers;

    public PhishingNet(int inputs) : base(nameof(PhishingNet))
    {
        _layers = Sequential(Linear(inputs, 64), ReLU(), Dropout(0.25), Linear(64, 1));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => _layers.forward(x);
}

public static class PhishingExperiment
{
    public static void Run(Tensor trainX, Tensor trainY, Tensor testX, Tensor testY)
    {
        torch.random.manual_seed(20261207);
        var model = new PhishingNet((int)trainX.shape[1]);
        var optimizer = torch.optim.Adam(model.parameters(), lr: 1e-3);
        var criterion = BCEWithLogitsLoss();

        model.train();
        for (var epoch = 0; epoch < 80; epoch++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var logits = model.call(trainX);
            var loss = criterion.call(logits, trainY);
            loss.backward();
            optimizer.step();
        }

        model.eval();
        torch.set_grad_enabled(false);
        try
        {
            var probabilities = torch.sigmoid(model.call(testX));
            var flagged = probabilities.gt(0.5f).to_type(ScalarType.Float32);
            var truePositives = flagged.mul(testY).sum().item<float>();
            var precision = truePositives / Math.Max(1f, flagged.sum().item<float>());
            var recall = truePositives / Math.Max(1f, testY.sum().item<float>());
            Console.WriteLine($"precision {precision:P1} recall {recall:P1}");
        }
        finally
        {
            torch.set_grad_enabled(true);
        }
    }
}
