// expect: none
using System;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.optim;

namespace Energy.Solar;

public sealed class SolarNet : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _body;

    public SolarNet() : base(nameof(SolarNet))
    {
        _body = Sequential(Linear(10, 64), SiLU(), Dropout(0.2), Linear(64, 64), SiLU(), Linear(64, 1));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => _body.forward(x);
}

public sealed class SolarForecastJob
{
    private readonly SolarNet _model = new();

    public void Run(Tensor trainX, Tensor trainY, Tensor testX, Tensor testY)
    {
        manual_seed(99);
        var optimizer = Adam(_model.parameters(), lr: 1e-3, amsgrad: true);
        var criterion = MSELoss();

        _model.train();
        for (var epoch = 0; epoch < 150; epoch++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = criterion.call(_model.call(trainX), trainY);
            loss.backward();
            optimizer.step();
        }

        _model.eval();
        using (no_grad())
        {
            var rmse = Rmse(_model, testX, testY);
            var mae = Mae(_model, testX, testY);
            Console.WriteLine($"test RMSE {rmse:F3} kW, MAE {mae:F3} kW");
        }
    }

    private static double Rmse(Module<Tensor, Tensor> model, Tensor x, Tensor y)
    {
        using var error = model.call(x) - y;
        return Math.Sqrt(error.pow(2).mean().item<float>());
    }

    private static double Mae(Module<Tensor, Tensor> model, Tensor x, Tensor y)
    {
        using var error = model.call(x) - y;
        return error.abs().mean().item<float>();
    }
}
