// expect: PMC008@51, PMC005@62
using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Reviews.Sentiment
{
    /// <summary>Bag-of-embeddings sentiment head on top of precomputed sentence vectors.</summary>
    public sealed class SentimentHead : Module<Tensor, Tensor>
    {
        private readonly Linear _hidden;
        private readonly Dropout _dropout;
        private readonly Linear _classifier;

        public SentimentHead(int embeddingDim, int classes) : base(nameof(SentimentHead))
        {
            _hidden = Linear(embeddingDim, 256);
            _dropout = Dropout(0.3);
            _classifier = Linear(256, classes);
            RegisterComponents();
        }

        public override Tensor forward(Tensor sentenceVectors)
        {
            var h = functional.relu(_hidden.forward(sentenceVectors));
            var logits = _classifier.forward(_dropout.forward(h));
            return functional.log_softmax(logits, dim: 1);
        }
    }

    public sealed class SentimentExperiment
    {
        private readonly SentimentHead _model = new(embeddingDim: 384, classes: 3);
        private readonly CrossEntropyLoss _loss = CrossEntropyLoss(reduction: Reduction.Mean);

        public SentimentExperiment(long seed) => torch.manual_seed(seed);

        public void Train(IEnumerable<(Tensor Vectors, Tensor Labels)> batches, int epochs)
        {
            var optimizer = optim.Adam(_model.parameters(), lr: 2e-3, weight_decay: 1e-5);
            for (var epoch = 0; epoch < epochs; epoch++)
            {
                foreach (var (vectors, labels) in batches)
                {
                    using var scope = torch.NewDisposeScope();
                    optimizer.zero_grad();
                    var output = _model.call(vectors);
                    var loss = _loss.call(output, labels);
                    loss.backward();
                    optimizer.step();
                }
            }
        }

        public double TestAccuracy(Tensor vectors, Tensor labels)
        {
            using (torch.no_grad())
            {
                var predicted = _model.call(vectors).argmax(dim: 1);
                var correct = predicted.eq(labels).sum().item<long>();
                return (double)correct / labels.shape[0];
            }
        }
    }
}
