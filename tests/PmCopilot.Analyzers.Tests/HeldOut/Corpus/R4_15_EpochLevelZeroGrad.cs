// expect: PMC011@33, PMC004@49
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Fleet.FuelUse
{
    public interface IBatchSource
    {
        int BatchesPerEpoch { get; }
        (Tensor Features, Tensor Litres) GetBatch(int index);
    }

    /// <summary>
    /// Fuel-consumption regressor for the truck fleet. Batches come from a memory-mapped source
    /// already standardised by the feature store.
    /// </summary>
    public sealed class FuelUseTrainer
    {
        private readonly Module<Tensor, Tensor> _model;

        public FuelUseTrainer(int inputs)
        {
            torch.manual_seed(77);
            _model = Sequential(Linear(inputs, 64), ReLU(), Linear(64, 32), ReLU(), Linear(32, 1));
        }

        public IReadOnlyList<double> Train(IBatchSource source, int epochs)
        {
            var optimizer = optim.Adam(_model.parameters());
            var criterion = HuberLoss(delta: 2.0);
            var history = new List<double>(epochs);

            for (var epoch = 0; epoch < epochs; epoch++)
            {
                // Fresh gradients for the epoch.
                optimizer.zero_grad();
                double epochLoss = 0;

                for (var b = 0; b < source.BatchesPerEpoch; b++)
                {
                    using var scope = torch.NewDisposeScope();
                    var (features, litres) = source.GetBatch(b);
                    var loss = criterion.call(_model.call(features), litres);
                    loss.backward();
                    optimizer.step();
                    epochLoss += loss.item<float>();
                }

                history.Add(epochLoss / Math.Max(1, source.BatchesPerEpoch));
            }

            return history;
        }

        public bool Converged(IReadOnlyList<double> history, double tolerance = 1e-3) =>
            history.Count > 2 && history.Skip(history.Count - 3).Max() - history.Skip(history.Count - 3).Min() < tolerance;
    }
}
