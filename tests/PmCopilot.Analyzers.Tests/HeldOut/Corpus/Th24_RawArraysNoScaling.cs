// expect: PMC001@14
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

public static class HousePrices
{
    public static void Run(float[] rawFeatures, float[] prices, int rows)
    {
        torch.manual_seed(2);
        var x = torch.tensor(rawFeatures, new long[] { rows, 3 });
        var y = torch.tensor(prices, new long[] { rows, 1 });
        var model = Sequential(Linear(3, 16), ReLU(), Linear(16, 1));
        var optimizer = torch.optim.SGD(model.parameters(), 0.01);
        var criterion = MSELoss();
        for (var epoch = 0; epoch < 100; epoch++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            criterion.call(model.call(x), y).backward();
            optimizer.step();
        }
    }
}
