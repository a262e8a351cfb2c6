// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Hr.Attrition
{
    /// <summary>
    /// Attrition-risk model over raw HR columns (salary, tenure, overtime hours, ...). Instead of a
    /// separate scaler the network starts with a LayerNorm, so the exported model accepts raw rows.
    /// </summary>
    public sealed class AttritionModel
    {
        private const int Seed = 1001;
        private static readonly int[] HiddenSizes = { 64, 32 };

        static AttritionModel()
        {
            // Every instance in the process shares one seeded generator.
            torch.manual_seed(Seed);
        }

        private readonly Sequential _net;

        public AttritionModel(int columns)
        {
            var layers = new List<(string, Module<Tensor, Tensor>)> { ("norm", LayerNorm(columns)) };
            var width = columns;
            foreach (var (size, i) in HiddenSizes.Select((s, i) => (s, i)))
            {
                layers.Add(($"fc{i}", Linear(width, size)));
                layers.Add(($"act{i}", ReLU()));
                width = size;
            }

            layers.Add(("out", Linear(width, 2)));
            _net = Sequential(layers);
        }

        public void Fit(float[] trainRows, long[] leftCompany, int columns, int epochs)
        {
            var x = torch.from_array(trainRows).reshape(leftCompany.Length, columns);
            var y = torch.from_array(leftCompany);
            var optimizer = optim.RMSProp(_net.parameters(), lr: 1e-3);
            var scheduler = optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max: epochs, eta_min: 1e-5);
            var ce = CrossEntropyLoss();

            var epoch = 0;
            do
            {
                using var scope = torch.NewDisposeScope();
                optimizer.zero_grad();
                ce.call(_net.call(x), y).backward();
                optimizer.step();
                scheduler.step();
            }
            while (++epoch < epochs);
        }

        public double HoldoutAccuracy(float[] holdoutRows, long[] leftCompany, int columns)
        {
            _net.eval();
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var x = torch.from_array(holdoutRows).reshape(leftCompany.Length, columns);
            var hits = _net.call(x).argmax(1).eq(torch.from_array(leftCompany)).sum().item<long>();
            return hits / (double)leftCompany.Length;
        }
    }
}
