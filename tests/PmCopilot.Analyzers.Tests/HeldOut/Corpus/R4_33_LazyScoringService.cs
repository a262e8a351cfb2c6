// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Insurance.Pricing.Serving
{
    /// <summary>Scaler statistics exported by the training job next to the weights.</summary>
    public sealed record ScalerStats(float[] Mean, float[] Std);

    /// <summary>
    /// Online premium-risk scorer. The network is created on first use (the service pod starts before
    /// the weight volume is mounted) and only ever runs inference.
    /// </summary>
    public sealed class PremiumRiskService : IDisposable
    {
        private readonly Lazy<Module<Tensor, Tensor>> _model;
        private readonly ScalerStats _stats;

        public PremiumRiskService(string weightsPath, ScalerStats stats)
        {
            _stats = stats;
            _model = new Lazy<Module<Tensor, Tensor>>(() =>
            {
                var net = Sequential(Linear(stats.Mean.Length, 64), ReLU(), Dropout(0.1), Linear(64, 1));
                net.load(weightsPath);
                return net;
            });
        }

        private Tensor Standardize(float[] rowMajor, int rows)
        {
            var width = _stats.Mean.Length;
            var x = torch.tensor(rowMajor, new long[] { rows, width });
            return (x - torch.tensor(_stats.Mean)) / torch.tensor(_stats.Std);
        }

        public IReadOnlyList<float> ScoreBatches(IEnumerable<float[]> requestBatches)
        {
            var model = _model.Value;
            model.eval();
            var scores = new List<float>();

            // One scope for the whole request: batches are tiny and the scope ends with the call.
            using (torch.NewDisposeScope())
            using (torch.inference_mode())
            {
                foreach (var batch in requestBatches)
                {
                    var rows = batch.Length / _stats.Mean.Length;
                    var risk = model.call(Standardize(batch, rows)).squeeze(-1);
                    scores.AddRange(risk.data<float>().ToArray());
                }
            }

            return scores;
        }

        public void Dispose()
        {
            if (_model.IsValueCreated)
            {
                _model.Value.Dispose();
            }
        }
    }
}
