using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Corpus.B2TorchRegressionRaw;

public static class HousePrices
{
    public static void Fit(double[] features, double[] prices, int rows, int columns)
    {
        torch.manual_seed(7);
        var x = torch.tensor(features, new long[] { rows, columns }, dtype: ScalarType.Float32); // expect PMC001
        var y = torch.tensor(prices, dtype: ScalarType.Float32).reshape(rows, 1);
        var model = Sequential(Linear(columns, 64), ReLU(), Linear(64, 1));
        var optimizer = torch.optim.Adam(model.parameters(), lr: 0.01);
        var lossFunction = MSELoss();
        for (var epoch = 0; epoch < 500; epoch++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = lossFunction.call(model.call(x), y);
            loss.backward();
            optimizer.step();
        }
    }

    public static void FitScaled(double[] features, double[] prices, int rows, int columns)
    {
        torch.manual_seed(7);
        var raw = torch.tensor(features, new long[] { rows, columns }, dtype: ScalarType.Float32);
        var x = (raw - raw.mean(new long[] { 0 }, keepdim: true)) / raw.std(0, keepdim: true);
        var y = torch.tensor(prices, dtype: ScalarType.Float32).reshape(rows, 1);
        var model = Sequential(Linear(columns, 64), ReLU(), Linear(64, 1));
        var optimizer = torch.optim.Adam(model.parameters(), lr: 0.01);
        for (var epoch = 0; epoch < 500; epoch++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = functional.mse_loss(model.call(x), y);
            loss.backward();
            optimizer.step();
        }
    }
}
