// expect: none
using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Audio.Genre
{
    /// <summary>
    /// Owns the genre model and its optimizer so that a training session can be torn down
    /// deterministically between hyper-parameter trials.
    /// </summary>
    public sealed class GenreTrainingSession : IDisposable
    {
        private readonly Sequential _model;
        private readonly optim.Optimizer _optimizer;
        private readonly CrossEntropyLoss _criterion = CrossEntropyLoss();

        public GenreTrainingSession(int inputDim, int genres, double learningRate, long seed)
        {
            torch.manual_seed(seed);
            _model = Sequential(
                ("norm", BatchNorm1d(inputDim)),
                ("fc1", Linear(inputDim, 256)),
                ("act", ReLU()),
                ("fc2", Linear(256, genres)));
            _optimizer = optim.Adam(_model.parameters(), lr: learningRate);
        }

        public double RunEpoch(IReadOnlyList<(Tensor Features, Tensor Genre)> batches)
        {
            _model.train();
            double total = 0;
            for (var i = 0; i < batches.Count; i++)
            {
                _optimizer.zero_grad();
                using var logits = _model.call(batches[i].Features);
                using var loss = _criterion.call(logits, batches[i].Genre);
                loss.backward();
                _optimizer.step();
                total += loss.item<float>();
            }

            return total / batches.Count;
        }

        public double HeldOutAccuracy(Tensor features, Tensor genre)
        {
            _model.eval();
            using var noGrad = torch.no_grad();
            using var logits = _model.call(features);
            using var predicted = logits.argmax(1);
            using var hits = predicted.eq(genre);
            return hits.sum().item<long>() / (double)genre.shape[0];
        }

        public void Dispose()
        {
            _optimizer.Dispose();
            _model.Dispose();
        }
    }
}
