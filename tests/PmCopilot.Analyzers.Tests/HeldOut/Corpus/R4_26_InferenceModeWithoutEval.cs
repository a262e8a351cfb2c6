// expect: PMC010@36, PMC005@55
using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Logistics.Damage
{
    /// <summary>Classifies parcel damage severity (none / minor / major) from conveyor sensor summaries.</summary>
    public sealed class DamageSeverityModel
    {
        private const long Seed = 64;
        private readonly Sequential _net;
        private readonly int _epochs;

        public DamageSeverityModel(int sensors, int epochs)
        {
            torch.manual_seed(Seed);
            _epochs = epochs;
            _net = Sequential(
                ("fc1", Linear(sensors, 64)),
                ("act", ReLU()),
                ("drop", Dropout(0.5)),
                ("fc2", Linear(64, 3)));
        }

        public float Train(Tensor readings, Tensor severity, long batchSize)
        {
            var optimizer = optim.Adam(_net.parameters(), lr: 1e-3, amsgrad: true);
            var criterion = CrossEntropyLoss(weight: torch.tensor(new float[] { 0.2f, 1.0f, 3.0f }));
            var n = readings.shape[0];
            var lastLoss = float.NaN;
            var epoch = 0;

            while (epoch < _epochs)
            {
                var order = torch.randperm(n);
                var take = order.narrow(0, 0, Math.Min(batchSize, n));
                optimizer.zero_grad();
                var loss = criterion.call(_net.call(readings.index_select(0, take)), severity.index_select(0, take));
                loss.backward();
                optimizer.step();
                lastLoss = loss.item<float>();
                epoch++;
            }

            return lastLoss;
        }

        public long[] PredictSeverity(Tensor readings)
        {
            using (torch.inference_mode())
            {
                var logits = _net.call(readings);
                return logits.argmax(1).data<long>().ToArray();
            }
        }
    }
}
