// expect: PMC002@16
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
        var all = torch.tensor(rawFeatures, new long[] { rows, 3 });
        var target = torch.tensor(prices, new long[] { rows, 1 });
        var mean = all.mean(new long[] { 0 }, keepdim: true);
        var std = all.std(0, keepdim: true);
        var scaled = (all - mean) / std;
        var trainRows = rows * 4 / 5;
        var trainX = scaled.narrow(0, 0, trainRows);
        var testX = scaled.narrow(0, trainRows, rows - trainRows);
        var trainY = target.narrow(0, 0, trainRows);
        var testY = target.narrow(0, trainRows, rows - trainRows);

        var model = Sequential(Linear(3, 16), ReLU(), Linear(16, 1));
        var optimizer = torch.optim.SGD(model.parameters(), 0.01);
        var criterion = MSELoss();
        for (var epoch = 0; epoch < 100; epoch++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            criterion.call(model.call(trainX), trainY).backward();
            optimizer.step();
        }

        model.eval();
        using (torch.no_grad())
        {
            Console.WriteLine(criterion.call(model.call(testX), testY).item<float>());
        }
    }
}
