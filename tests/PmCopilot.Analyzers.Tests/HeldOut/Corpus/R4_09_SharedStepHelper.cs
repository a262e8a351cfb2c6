// expect: PMC004@19, PMC010@62
using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Ads.Ctr
{
    /// <summary>Optimisation primitives shared by the CTR trainers.</summary>
    internal static class StepFunctions
    {
        /// <summary>One optimisation step; returns the scalar loss for logging.</summary>
        public static float ApplyStep(Module<Tensor, Tensor> model, Tensor loss, optim.Optimizer optimizer, double clipNorm)
        {
            loss.backward();
            torch.nn.utils.clip_grad_norm_(model.parameters(), clipNorm);
            optimizer.step();
            return loss.item<float>();
        }
    }

    public sealed class CtrTrainer
    {
        private readonly Module<Tensor, Tensor> _model;
        private readonly BCEWithLogitsLoss _criterion = BCEWithLogitsLoss();

        public CtrTrainer(int featureDim)
        {
            torch.manual_seed(404);
            _model = Sequential(
                ("fc1", Linear(featureDim, 64)),
                ("relu", ReLU()),
                ("drop", Dropout(0.2)),
                ("fc2", Linear(64, 1)));
        }

        public void Train(IReadOnlyList<(Tensor X, Tensor Clicked)> batches, int epochs)
        {
            var optimizer = optim.SGD(_model.parameters(), learningRate: 0.05, momentum: 0.9);
            for (var epoch = 0; epoch < epochs; epoch++)
            {
                var total = 0f;
                foreach (var (x, clicked) in batches)
                {
                    using var scope = torch.NewDisposeScope();
                    var logits = _model.call(x).squeeze(-1);
                    total += StepFunctions.ApplyStep(_model, _criterion.call(logits, clicked), optimizer, clipNorm: 1.0);
                }

                Console.WriteLine($"epoch {epoch}: mean loss {total / batches.Count:F4}");
            }
        }

        public double ValidationLogLoss(IEnumerable<(Tensor X, Tensor Clicked)> validationBatches)
        {
            _model.eval();
            using var noGrad = torch.no_grad();
            double sum = 0;
            var count = 0;
            foreach (var (x, clicked) in validationBatches)
            {
                var logits = _model.call(x).squeeze(-1);
                sum += _criterion.call(logits, clicked).item<float>();
                count++;
            }

            return count == 0 ? double.NaN : sum / count;
        }
    }
}
