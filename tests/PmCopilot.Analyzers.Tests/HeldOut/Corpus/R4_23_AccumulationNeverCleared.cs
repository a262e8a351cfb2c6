// expect: PMC004@40, PMC006@48
using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Imaging.Dermatology
{
    /// <summary>
    /// Lesion classifier head trained on frozen backbone embeddings. The workstation GPU only fits
    /// 16 embeddings per forward pass, so gradients are accumulated over several micro-batches.
    /// </summary>
    public sealed class LesionHeadTrainer
    {
        private readonly int _accumulate;
        private readonly Module<Tensor, Tensor> _head;

        public LesionHeadTrainer(int embeddingDim, int classes, int accumulate = 8)
        {
            torch.manual_seed(1912);
            _accumulate = accumulate;
            _head = Sequential(("drop", Dropout(0.4)), ("fc", Linear(embeddingDim, classes)));
        }

        public void Train(IEnumerable<(Tensor Embeddings, Tensor Labels)> microBatches, double lr)
        {
            var optimizer = optim.SGD(_head.parameters(), lr, momentum: 0.9, nesterov: true);
            var ce = CrossEntropyLoss();
            var seen = 0;

            foreach (var (embeddings, labels) in microBatches)
            {
                using var scope = torch.NewDisposeScope();
                var loss = ce.call(_head.call(embeddings), labels) / _accumulate;
                loss.backward();

                if (++seen % _accumulate == 0)
                {
                    optimizer.step();
                }
            }
        }

        public (double Loss, double Accuracy) Evaluate(Tensor testEmbeddings, Tensor testLabels)
        {
            _head.eval();
            var logits = _head.call(testEmbeddings);
            var loss = functional.cross_entropy(logits, testLabels).item<float>();
            var accuracy = logits.argmax(1).eq(testLabels).to_type(ScalarType.Float64).mean().item<double>();
            return (loss, accuracy);
        }
    }
}
