// expect: none
using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Energy.SolarForecast
{
    /// <summary>
    /// Day-ahead PV output forecaster. Validation runs every epoch; the helpers below are pure metric
    /// code and rely on the caller to put the model in inference mode.
    /// </summary>
    public sealed class PvForecastTrainer
    {
        private readonly Sequential _model;
        private readonly MSELoss _mse = MSELoss();

        public PvForecastTrainer(int weatherFeatures, int horizon)
        {
            torch.manual_seed(21);
            if (torch.cuda.is_available())
            {
                torch.cuda.manual_seed(21);
            }

            _model = Sequential(
                ("enc", Linear(weatherFeatures, 96)),
                ("act", Mish()),
                ("drop", Dropout(0.15)),
                ("dec", Linear(96, horizon)));
        }

        public IReadOnlyList<(int Epoch, double Train, double Val)> Fit(
            IReadOnlyList<(Tensor X, Tensor Y)> train, Tensor valX, Tensor valY, int epochs)
        {
            var log = new List<(int, double, double)>();
            var optimizer = optim.RMSProp(_model.parameters(), lr: 5e-4, alpha: 0.95);

            for (var epoch = 0; epoch < epochs; epoch++)
            {
                _model.train();
                double running = 0;
                foreach (var (x, y) in train)
                {
                    using var scope = torch.NewDisposeScope();
                    optimizer.zero_grad();
                    var loss = _mse.call(_model.call(x), y);
                    loss.backward();
                    optimizer.step();
                    running += loss.item<float>();
                }

                _model.eval();
                double val;
                using (torch.no_grad())
                {
                    val = Rmse(_model, valX, valY);
                }

                log.Add((epoch, running / train.Count, val));
            }

            return log;
        }

        public double FinalScore(Tensor testX, Tensor testY)
        {
            _model.eval();
            using var noGrad = torch.inference_mode();
            return Rmse(_model, testX, testY);
        }

        private static double Rmse(Module<Tensor, Tensor> model, Tensor x, Tensor y)
        {
            using var scope = torch.NewDisposeScope();
            var prediction = model.call(x);
            return Math.Sqrt(functional.mse_loss(prediction, y).item<float>());
        }
    }
}
