// expect: none
using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Medical.Imaging;

public sealed class PatchClassifier : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _net;

    public PatchClassifier() : base(nameof(PatchClassifier))
    {
        _net = Sequential(Flatten(), Linear(32 * 32, 256), ReLU(), Dropout(0.3), Linear(256, 2));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => _net.forward(x);
}

public static class PatchTraining
{
    public static void Run(IEnumerable<(Tensor Patches, Tensor Labels)> stream, Tensor testPatches, Tensor testLabels)
    {
        torch.manual_seed(4096);
        var model = new PatchClassifier();
        var optimizer = torch.optim.AdamW(model.parameters(), lr: 3e-4, weight_decay: 0.05);
        var criterion = CrossEntropyLoss();
        const int accumulationSteps = 8;

        model.train();
        optimizer.zero_grad();
        var microStep = 0;
        foreach (var (patches, labels) in stream)
        {
            if (patches.shape[0] == 0)
            {
                continue;
            }

            using var scope = torch.NewDisposeScope();
            var loss = criterion.call(model.call(patches), labels) / accumulationSteps;
            loss.backward();
            microStep++;

            if (microStep % accumulationSteps == 0)
            {
                optimizer.step();
                optimizer.zero_grad();
            }
        }

        model.eval();
        using (torch.inference_mode())
        {
            var predicted = model.call(testPatches).argmax(1);
            var sensitivity = predicted.mul(testLabels).sum().item<long>() / (double)testLabels.sum().item<long>();
            Console.WriteLine($"test sensitivity {sensitivity:P1}");
        }
    }
}
