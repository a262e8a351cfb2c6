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
        torch.manual_seed(14);
        var model = Sequential(("fc", Linear(8, 1)), ("sigmoid", Sigmoid()));
        var optimizer = torch.optim.SGD(model.parameters(), learningRate: 0.1);
        var criterion = BCELoss();
        for (var epoch = 0; epoch < 10; epoch++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = criterion.call(model.call(x), y);
            loss.backward();
            optimizer.step();
        }
    }
}
