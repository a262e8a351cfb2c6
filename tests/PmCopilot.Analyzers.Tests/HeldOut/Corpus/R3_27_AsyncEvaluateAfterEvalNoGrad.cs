// expect: PMC006@53
using System;
using System.IO;
using System.Threading.Tasks;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Churn.Deep;

public sealed class ChurnNet : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _net;

    public ChurnNet(int features) : base(nameof(ChurnNet))
    {
        _net = Sequential(Linear(features, 64), ReLU(), Dropout(0.2), Linear(64, 1));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => _net.forward(x);
}

public sealed class ChurnTrainer
{
    private readonly ChurnNet _model;
    private readonly optim.Optimizer _optimizer;
    private readonly Loss<Tensor, Tensor, Tensor> _criterion = BCEWithLogitsLoss();

    public ChurnTrainer(int features)
    {
        torch.manual_seed(1001);
        _model = new ChurnNet(features);
        _optimizer = torch.optim.Adam(_model.parameters(), lr: 5e-4);
    }

    public void Fit(Tensor x, Tensor y, int epochs)
    {
        _model.train();
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            using var scope = torch.NewDisposeScope();
            _optimizer.zero_grad();
            var loss = _criterion.call(_model.call(x), y);
            loss.backward();
            _optimizer.step();
        }
    }

    public async Task<double> EvaluateAsync(Tensor testX, Tensor testY, string reportPath)
    {
        _model.eval();
        var logits = _model.call(testX);
        var predicted = logits.gt(0).to_type(ScalarType.Float32);
        var accuracy = predicted.eq(testY).to_type(ScalarType.Float32).mean().item<float>();
        await File.WriteAllTextAsync(reportPath, $"accuracy={accuracy:F4}");
        return accuracy;
    }
}
