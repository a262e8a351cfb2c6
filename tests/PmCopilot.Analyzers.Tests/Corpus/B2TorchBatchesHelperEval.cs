using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Corpus.B2TorchBatchesHelperEval;

public static class Loop
{
    private static double Validate(Module<Tensor, Tensor> net, Tensor x, Tensor y)
    {
        net.eval();
        using var _ = torch.no_grad();
        return functional.mse_loss(net.call(x), y).item<float>();
    }

    public static void Run(Module<Tensor, Tensor> net, Tensor trainX, Tensor trainY, Tensor validX, Tensor validY)
    {
        torch.manual_seed(0);
        var optimizer = torch.optim.Adam(net.parameters(), lr: 1e-3);
        for (var epoch = 0; epoch < 10; epoch++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            functional.mse_loss(net.call(trainX), trainY).backward();
            optimizer.step();
            System.Console.WriteLine(Validate(net, validX, validY)); // expect PMC005
        }
    }
}
