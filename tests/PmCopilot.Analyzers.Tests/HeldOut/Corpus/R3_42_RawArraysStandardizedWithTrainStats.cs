// expect: none
using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RealEstate.Valuation;

public sealed record Dataset(float[] Features, float[] Prices, int Rows, int Columns);

public static class ValuationTraining
{
    public static void Fit(Dataset data, int epochs)
    {
        torch.manual_seed(1987);
        var x = torch.tensor(data.Features, new long[] { data.Rows, data.Columns });
        var y = torch.tensor(data.Prices, new long[] { data.Rows, 1 });

        var trainRows = (int)(data.Rows * 0.8);
        var trainX = x.narrow(0, 0, trainRows);
        var trainY = y.narrow(0, 0, trainRows);
        var testX = x.narrow(0, trainRows, data.Rows - trainRows);
        var testY = y.narrow(0, trainRows, data.Rows - trainRows);

        // Statistics from the training rows only, applied to both splits.
        var mean = trainX.mean(new long[] { 0 }, keepdim: true);
        var std = trainX.std(0, keepdim: true) + 1e-6f;
        trainX = (trainX - mean) / std;
        testX = (testX - mean) / std;

        var model = Sequential(Linear(data.Columns, 64), ReLU(), Linear(64, 32), ReLU(), Linear(32, 1));
        var optimizer = torch.optim.Adam(model.parameters(), lr: 1e-3);
        var criterion = MSELoss();

        for (var epoch = 0; epoch < epochs; epoch++)
        {
            using var scope = torch.NewDisposeScope();
            model.train();
            optimizer.zero_grad();
            var loss = criterion.call(model.call(trainX), trainY);
            loss.backward();
            optimizer.step();
        }

        model.eval();
        using (torch.no_grad())
        {
            var testMse = criterion.call(model.call(testX), testY).item<float>();
            Console.WriteLine($"test RMSE {Math.Sqrt(testMse):F0}");
        }
    }
}
