// expect: none
using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Ads.Ctr;

internal static class GradUtils
{
    public static void ResetGradients(Module model) => model.zero_grad();

    public static void ClipAndStep(Module model, optim.Optimizer optimizer, double maxNorm)
    {
        nn.utils.clip_grad_norm_(model.parameters(), maxNorm);
        optimizer.step();
    }
}

public sealed class CtrModel : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _deep;

    public CtrModel(int inputs) : base(nameof(CtrModel))
    {
        _deep = Sequential(Linear(inputs, 128), ReLU(), Dropout(0.1), Linear(128, 64), ReLU(), Linear(64, 1));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => _deep.forward(x);
}

public static class CtrTraining
{
    public static void Main()
    {
        torch.manual_seed(606);
        var trainX = torch.randn(8192, 48);
        var trainY = torch.randint(0, 2, new long[] { 8192, 1 }).to_type(ScalarType.Float32);
        var testX = torch.randn(2048, 48);
        var testY = torch.randint(0, 2, new long[] { 2048, 1 }).to_type(ScalarType.Float32);

        var model = new CtrModel(48);
        var optimizer = torch.optim.SGD(model.parameters(), learningRate: 0.1, momentum: 0.9, nesterov: true);
        var scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size: 5, gamma: 0.3);
        var criterion = BCEWithLogitsLoss();
        const long batchSize = 256;

        for (var epoch = 0; epoch < 15; epoch++)
        {
            model.train();
            for (long start = 0; start < trainX.shape[0]; start += batchSize)
            {
                using var scope = torch.NewDisposeScope();
                GradUtils.ResetGradients(model);
                var logits = model.call(trainX.narrow(0, start, batchSize));
                var loss = criterion.call(logits, trainY.narrow(0, start, batchSize));
                loss.backward();
                GradUtils.ClipAndStep(model, optimizer, maxNorm: 5.0);
            }

            scheduler.step();
        }

        model.eval();
        using var _ = torch.no_grad();
        var testLoss = criterion.call(model.call(testX), testY).item<float>();
        Console.WriteLine($"test log-loss {testLoss:F4}");
    }
}
