// expect: PMC009@33, PMC004@36
using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Sensors.Calibration;

public sealed class CalibrationNet : Module<Tensor, Tensor>
{
    private readonly Linear _in;
    private readonly Linear _out;

    public CalibrationNet() : base(nameof(CalibrationNet))
    {
        _in = Linear(6, 48);
        _out = Linear(48, 3);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var h = functional.tanh(_in.forward(x));
        return _out.forward(h);
    }
}

public static class TrainingSteps
{
    public static float Step(Module<Tensor, Tensor> model, optim.Optimizer optimizer, Loss<Tensor, Tensor, Tensor> criterion, Tensor x, Tensor y)
    {
        var prediction = model.forward(x);
        var loss = criterion.call(prediction, y);
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }
}

public static class CalibrationJob
{
    public static void Main()
    {
        torch.manual_seed(77);
        var rawReadings = torch.randn(2048, 6);
        var reference = rawReadings.narrow(1, 0, 3) * 1.02f + 0.05f;
        var heldOutReadings = torch.randn(256, 6);
        var heldOutReference = heldOutReadings.narrow(1, 0, 3) * 1.02f + 0.05f;

        var model = new CalibrationNet();
        var optimizer = torch.optim.Adam(model.parameters(), lr: 3e-3);
        var criterion = SmoothL1Loss();

        model.train();
        for (var epoch = 1; epoch <= 300; epoch++)
        {
            using var scope = torch.NewDisposeScope();
            var trainLoss = TrainingSteps.Step(model, optimizer, criterion, rawReadings, reference);
            if (epoch % 50 == 0)
            {
                Console.WriteLine($"epoch {epoch}: train loss {trainLoss:F5}");
            }
        }

        model.eval();
        using (torch.no_grad())
        {
            var heldOutLoss = criterion.call(model.call(heldOutReadings), heldOutReference).item<float>();
            Console.WriteLine($"held-out loss {heldOutLoss:F5}");
        }
    }
}
