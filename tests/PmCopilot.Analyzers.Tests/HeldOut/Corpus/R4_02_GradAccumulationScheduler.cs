// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Speech.KeywordSpotting
{
    /// <summary>
    /// Trains the keyword classifier on micro-batches small enough for the edge GPU, stepping the
    /// optimizer once per <see cref="AccumulationSteps"/> micro-batches (effective batch 4x larger).
    /// </summary>
    public sealed class AccumulatingTrainer
    {
        private const int AccumulationSteps = 4;
        private const long Seed = 1_337;

        private readonly Sequential _model;
        private readonly optim.Optimizer _optimizer;
        private readonly optim.lr_scheduler.LRScheduler _scheduler;
        private readonly CrossEntropyLoss _criterion = CrossEntropyLoss();

        public AccumulatingTrainer(int melBins, int keywords)
        {
            torch.manual_seed(Seed);
            _model = Sequential(
                ("proj", Linear(melBins, 128)),
                ("act", ReLU()),
                ("drop", Dropout(0.1)),
                ("head", Linear(128, keywords)));
            _optimizer = optim.AdamW(_model.parameters(), lr: 3e-4, weight_decay: 0.01);
            _scheduler = optim.lr_scheduler.StepLR(_optimizer, step_size: 5, gamma: 0.5);
        }

        public void Fit(IReadOnlyList<(Tensor Features, Tensor Labels)> microBatches, (Tensor X, Tensor Y) validation, int epochs)
        {
            foreach (var epoch in Enumerable.Range(1, epochs))
            {
                _model.train();
                _optimizer.zero_grad();

                for (var i = 0; i < microBatches.Count; i++)
                {
                    using var scope = torch.NewDisposeScope();
                    var (features, labels) = microBatches[i];
                    var loss = _criterion.call(_model.call(features), labels) / AccumulationSteps;
                    loss.backward();

                    var boundary = (i + 1) % AccumulationSteps == 0 || i == microBatches.Count - 1;
                    if (boundary)
                    {
                        _optimizer.step();
                        _optimizer.zero_grad();
                    }
                }

                _scheduler.step();
                var accuracy = ValidationAccuracy(validation.X, validation.Y);
                Console.WriteLine($"epoch {epoch}: val acc {accuracy:P2}");
            }
        }

        private double ValidationAccuracy(Tensor x, Tensor y)
        {
            _model.eval();
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var predicted = _model.call(x).argmax(1);
            return predicted.eq(y).to_type(ScalarType.Float32).mean().item<float>();
        }
    }
}
