// expect: none
using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Search.Ranking
{
    public interface IRelevanceScorer
    {
        float[] Score(Tensor queryDocFeatures);
    }

    /// <summary>Residual MLP: x + f(norm(x)), then a linear scoring head.</summary>
    public sealed class ResidualMlp : Module<Tensor, Tensor>
    {
        private readonly LayerNorm _norm;
        private readonly Sequential _block;
        private readonly Linear _head;

        public ResidualMlp(int width) : base(nameof(ResidualMlp))
        {
            _norm = LayerNorm(width);
            _block = Sequential(Linear(width, width * 2), GELU(), Linear(width * 2, width));
            _head = Linear(width, 1);
            RegisterComponents();
        }

        // Sub-layers are invoked through forward() here; hooks are registered on the outer module only.
        public override Tensor forward(Tensor x)
        {
            var residual = x + _block.forward(_norm.forward(x));
            return _head.forward(residual).squeeze(-1);
        }
    }

    public sealed class ResidualRelevanceScorer : IRelevanceScorer
    {
        private readonly ResidualMlp _model;

        public ResidualRelevanceScorer(int width)
        {
            torch.manual_seed(5150);
            _model = new ResidualMlp(width);
        }

        public void Train(IReadOnlyList<(Tensor Features, Tensor Grades)> batches, int epochs)
        {
            var optimizer = optim.AdamW(_model.parameters(), lr: 1e-3, weight_decay: 0.05);
            var scheduler = optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max: epochs);
            for (var epoch = 0; epoch < epochs; epoch++)
            {
                _model.train();
                foreach (var (features, grades) in batches)
                {
                    using var scope = torch.NewDisposeScope();
                    optimizer.zero_grad();
                    functional.mse_loss(_model.call(features), grades).backward();
                    optimizer.step();
                }

                scheduler.step();
            }
        }

        public float[] Score(Tensor queryDocFeatures)
        {
            _model.eval();
            using var gradOff = torch.set_grad_enabled(false);
            using var scores = _model.call(queryDocFeatures);
            return scores.data<float>().ToArray();
        }
    }
}
