// expect: PMC007@38, PMC004@39
using System;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Plant.Telemetry.Models
{
    /// <summary>
    /// Regresses bearing temperature from a 32-bin vibration spectrum. Full-batch training that runs
    /// until the loss stops improving, because the plant sends at most a few thousand rows a day.
    /// </summary>
    public sealed class BearingTemperatureModel
    {
        private const int MaxIterations = 2_000;
        private const double Tolerance = 1e-5;

        private readonly Module<Tensor, Tensor> _net = Sequential(
            ("in", Linear(32, 64)),
            ("act", GELU()),
            ("out", Linear(64, 1)));

        public int IterationsUsed { get; private set; }

        public double Fit(Tensor spectra, Tensor temperatures)
        {
            var optimizer = optim.Adam(_net.parameters(), lr: 5e-4);
            var criterion = MSELoss();
            var previous = double.MaxValue;
            double current;
            double improvement;

            do
            {
                using var scope = torch.NewDisposeScope();
                var prediction = _net.call(spectra);
                var loss = criterion.call(prediction, temperatures);
                loss.backward();
                optimizer.step();

                current = loss.item<float>();
                improvement = previous - current;
                previous = current;
                IterationsUsed++;
            }
            while (improvement > Tolerance && IterationsUsed < MaxIterations);

            return current;
        }

        public float[] Predict(Tensor spectra)
        {
            _net.eval();
            using var noGrad = torch.no_grad();
            using var output = _net.call(spectra).squeeze(-1);
            return output.data<float>().ToArray();
        }
    }
}
