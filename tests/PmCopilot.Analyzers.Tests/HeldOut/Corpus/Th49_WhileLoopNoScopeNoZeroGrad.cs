// expect: PMC010@19, PMC004@23
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
        torch.manual_seed(18);
        var model = Sequential(Linear(8, 8), Tanh(), Linear(8, 1));
        var optimizer = torch.optim.SGD(model.parameters(), 0.01);
        var criterion = MSELoss();
        var previous = double.MaxValue;
        var converged = false;
        while (!converged)
        {
            var loss = criterion.call(model.call(x), y);
            loss.backward();
            optimizer.step();
            var current = loss.item<float>();
            converged = Math.Abs(previous - current) < 1e-6;
            previous = current;
        }
    }
}
