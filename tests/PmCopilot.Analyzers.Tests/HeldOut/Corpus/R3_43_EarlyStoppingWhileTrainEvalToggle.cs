// expect: none
using System;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Mobility.Eta;

public sealed class EtaNet : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _trunk;
    private readonly Module<Tensor, Tensor> _head;

    public EtaNet(int inputs) : base(nameof(EtaNet))
    {
        _trunk = Sequential(Linear(inputs, 128), LayerNorm(128), ReLU(), Dropout(0.2));
        _head = Linear(128, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var t = _trunk.forward(x);
        return _head.forward(t);
    }
}

public sealed class EarlyStoppingTrainer
{
    public int Patience { get; init; } = 5;
    public int MaxEpochs { get; init; } = 200;

    public (int Epochs, float BestValLoss) Fit(Tensor trainX, Tensor trainY, Tensor valX, Tensor valY)
    {
        torch.manual_seed(31);
        var model = new EtaNet((int)trainX.shape[1]);
        var optimizer = torch.optim.AdamW(model.parameters(), lr: 1e-3, weight_decay: 1e-2);
        var plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, factor: 0.5, patience: 2);
        var criterion = MSELoss();

        var best = float.MaxValue;
        var epochsWithoutImprovement = 0;
        var epoch = 0;
        var done = false;
        while (!done)
        {
            using var scope = torch.NewDisposeScope();

            model.train();
            optimizer.zero_grad();
            var loss = criterion.call(model.call(trainX), trainY);
            loss.backward();
            optimizer.step();

            model.eval();
            float valLoss;
            using (torch.no_grad())
            {
                valLoss = criterion.call(model.call(valX), valY).item<float>();
            }

            plateau.step(valLoss);
            if (valLoss < best)
            {
                best = valLoss;
                epochsWithoutImprovement = 0;
            }
            else
            {
                epochsWithoutImprovement++;
            }

            epoch++;
            done = epochsWithoutImprovement >= Patience || epoch >= MaxEpochs;
        }

        return (epoch, best);
    }
}
