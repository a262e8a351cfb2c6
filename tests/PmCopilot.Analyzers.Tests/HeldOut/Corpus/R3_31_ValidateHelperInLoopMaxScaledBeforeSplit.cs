// expect: PMC002@38, PMC005@59
using System;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Manufacturing.Yield;

public sealed class YieldNet : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _body;

    public YieldNet(int inputs) : base(nameof(YieldNet))
    {
        _body = Sequential(Linear(inputs, 128), ReLU(), Dropout(0.3), Linear(128, 64), ReLU(), Dropout(0.3), Linear(64, 1));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => _body.forward(x);
}

public static class YieldTraining
{
    private static float Validate(Module<Tensor, Tensor> model, Tensor x, Tensor y)
    {
        model.eval();
        using var _ = torch.no_grad();
        using var prediction = model.call(x);
        return functional.l1_loss(prediction, y).item<float>();
    }

    public static void Main()
    {
        torch.manual_seed(8080);
        var features = torch.randn(6000, 24) * 40 + 100;
        var target = torch.randn(6000, 1);

        var (maxAbs, _) = features.abs().max(0, keepdim: true);
        var scaled = features / maxAbs;

        var trainX = scaled.narrow(0, 0, 5000);
        var trainY = target.narrow(0, 0, 5000);
        var valX = scaled.narrow(0, 5000, 1000);
        var valY = target.narrow(0, 5000, 1000);

        var model = new YieldNet(24);
        var optimizer = torch.optim.Adam(model.parameters(), lr: 1e-3);
        var criterion = L1Loss();

        model.train();
        for (var epoch = 0; epoch < 100; epoch++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = criterion.call(model.call(trainX), trainY);
            loss.backward();
            optimizer.step();

            var valLoss = Validate(model, valX, valY);
            Console.WriteLine($"epoch {epoch}: train {loss.item<float>():F4} val {valLoss:F4}");
        }
    }
}
