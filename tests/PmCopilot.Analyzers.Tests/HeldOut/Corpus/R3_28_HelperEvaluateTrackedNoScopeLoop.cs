// expect: PMC006@14, PMC010@36
using System;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Finance.Volatility;

public static class RegressionMetrics
{
    public static float Evaluate(Module<Tensor, Tensor> model, Tensor x, Tensor y)
    {
        model.eval();
        var prediction = model.call(x);
        return functional.mse_loss(prediction, y).item<float>();
    }
}

public static class VolatilityModel
{
    public static void Main()
    {
        torch.manual_seed(12);
        var trainX = torch.randn(5000, 30);
        var trainY = torch.randn(5000, 1).abs();
        var testX = torch.randn(1000, 30);
        var testY = torch.randn(1000, 1).abs();

        var model = Sequential(
            ("input", Linear(30, 64)),
            ("act", GELU()),
            ("dropout", Dropout(0.1)),
            ("output", Linear(64, 1)));
        var optimizer = torch.optim.Adam(model.parameters(), lr: 2e-3);

        for (var epoch = 0; epoch < 200; epoch++)
        {
            model.train();
            optimizer.zero_grad();
            var prediction = model.call(trainX);
            var loss = functional.mse_loss(prediction, trainY);
            loss.backward();
            optimizer.step();
        }

        Console.WriteLine($"test MSE {RegressionMetrics.Evaluate(model, testX, testY):F5}");
    }
}
