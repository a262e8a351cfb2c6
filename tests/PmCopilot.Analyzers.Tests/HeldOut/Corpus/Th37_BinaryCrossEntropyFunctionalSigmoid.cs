// expect: PMC008@21
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

public static class Training
{
    public static void Run(Tensor x, Tensor y)
    {
        torch.manual_seed(12);
        var model = Sequential(Linear(8, 16), ReLU(), Linear(16, 1));
        var optimizer = torch.optim.Adam(model.parameters(), lr: 1e-3);
        for (var epoch = 0; epoch < 10; epoch++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var probability = model.call(x).sigmoid();
            var loss = functional.binary_cross_entropy(probability, y);
            loss.backward();
            optimizer.step();
        }
    }
}
