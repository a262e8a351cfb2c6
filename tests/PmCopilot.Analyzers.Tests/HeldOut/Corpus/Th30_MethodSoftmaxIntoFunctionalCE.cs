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
        torch.manual_seed(8);
        var model = Sequential(Linear(8, 32), ReLU(), Linear(32, 3));
        var optimizer = torch.optim.Adam(model.parameters(), lr: 5e-4);
        for (var epoch = 0; epoch < 10; epoch++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var output = model.call(x).log_softmax(1);
            var loss = functional.cross_entropy(output, y);
            loss.backward();
            optimizer.step();
        }
    }
}
