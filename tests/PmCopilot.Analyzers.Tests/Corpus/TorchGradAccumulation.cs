using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Corpus.TorchGradAccumulation;

public static class Accumulate
{
    public static void Train(Module<Tensor, Tensor> model, IList<(Tensor X, Tensor Y)> batches, int accumulation)
    {
        torch.manual_seed(1);
        var optimizer = torch.optim.SGD(model.parameters(), 0.1, momentum: 0.9);
        var criterion = MSELoss();
        var step = 0;
        foreach (var (x, y) in batches)
        {
            using var scope = torch.NewDisposeScope();
            var loss = criterion.call(model.call(x), y) / accumulation;
            loss.backward();
            if (++step % accumulation == 0)
            {
                optimizer.step();
                optimizer.zero_grad();
            }
        }
    }

    public static void TrainStep(Module<Tensor, Tensor> model, torch.optim.Optimizer optimizer, Tensor x, Tensor y)
    {
        var loss = functional.mse_loss(model.call(x), y);
        loss.backward();
        optimizer.step(); // expect PMC004
    }

    public static void Loop(Module<Tensor, Tensor> model, torch.optim.Optimizer optimizer, Tensor x, Tensor y)
    {
        for (var i = 0; i < 10; i++)
        {
            using var scope = torch.NewDisposeScope();
            TrainStep(model, optimizer, x, y);
        }
    }
}
