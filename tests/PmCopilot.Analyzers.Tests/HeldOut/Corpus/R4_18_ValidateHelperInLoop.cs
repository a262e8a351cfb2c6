// expect: PMC009@54, PMC005@59
using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Retail.Returns
{
    /// <summary>Predicts whether an order will be returned, from 40 engineered order features.</summary>
    public sealed class ReturnRiskNet : Module<Tensor, Tensor>
    {
        private readonly Linear _fc1;
        private readonly BatchNorm1d _bn1;
        private readonly Dropout _drop;
        private readonly Linear _out;

        public ReturnRiskNet(int inputs) : base(nameof(ReturnRiskNet))
        {
            _fc1 = Linear(inputs, 128);
            _bn1 = BatchNorm1d(128);
            _drop = Dropout(0.25);
            _out = Linear(128, 2);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) =>
            _out.forward(_drop.forward(functional.relu(_bn1.forward(_fc1.forward(x)))));
    }

    public sealed class ReturnRiskTraining
    {
        private readonly ReturnRiskNet _net;
        private readonly CrossEntropyLoss _ce = CrossEntropyLoss();

        public ReturnRiskTraining(int inputs, long seed)
        {
            torch.manual_seed(seed);
            _net = new ReturnRiskNet(inputs);
        }

        public int TrainWithEarlyStop(Tensor trainX, Tensor trainY, Tensor valX, Tensor valY, int maxEpochs, int patience)
        {
            var optimizer = optim.Adam(_net.parameters(), lr: 1e-3);
            var best = double.MaxValue;
            var bestEpoch = 0;
            var epoch = 0;

            while (epoch < maxEpochs && epoch - bestEpoch <= patience)
            {
                using (torch.NewDisposeScope())
                {
                    optimizer.zero_grad();
                    var logits = _net.forward(trainX);
                    _ce.call(logits, trainY).backward();
                    optimizer.step();
                }

                var valLoss = ValidationLoss(valX, valY);
                if (valLoss < best)
                {
                    (best, bestEpoch) = (valLoss, epoch);
                }

                epoch++;
            }

            return bestEpoch;
        }

        private double ValidationLoss(Tensor x, Tensor y)
        {
            _net.eval();
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            return _ce.call(_net.call(x), y).item<float>();
        }
    }
}
