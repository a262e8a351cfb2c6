// expect: none
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
        torch.manual_seed(24);
        var model = Sequential(Linear(8, 3), LogSoftmax(1));
        var optimizer = torch.optim.Adam(model.parameters(), lr: 1e-2);
        var criterion = NLLLoss();
        var epoch = 0;
        do
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = criterion.call(model.call(x), y);
            loss.backward();
            optimizer.step();
            epoch++;
        }
        while (epoch < 40);
    }
}
