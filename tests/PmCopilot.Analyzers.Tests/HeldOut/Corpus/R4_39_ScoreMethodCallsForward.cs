// expect: PMC009@31, PMC010@45
using System;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Marketplace.Matching
{
    /// <summary>Two-tower-lite matcher: scores a (buyer, listing) pair from their concatenated features.</summary>
    public sealed class PairMatcher : Module<Tensor, Tensor>
    {
        private readonly Sequential _scorer;

        public PairMatcher(int buyerDim, int listingDim) : base(nameof(PairMatcher))
        {
            _scorer = Sequential(
                ("fc1", Linear(buyerDim + listingDim, 64)),
                ("act", ReLU()),
                ("fc2", Linear(64, 1)));
            RegisterComponents();
        }

        public override Tensor forward(Tensor pairFeatures) => _scorer.forward(pairFeatures).squeeze(-1);

        /// <summary>Convenience overload used by the trainer and the offline replay tool.</summary>
        public Tensor Score(Tensor buyer, Tensor listing)
        {
            var pair = torch.cat(new[] { buyer, listing }, dim: 1);
            return _scorer.forward(pair).squeeze(-1);
        }
    }

    public static class PairMatcherTraining
    {
        public static PairMatcher Train(Tensor buyers, Tensor listings, Tensor matched, int steps, long batch = 512)
        {
            torch.manual_seed(8080);
            var model = new PairMatcher((int)buyers.shape[1], (int)listings.shape[1]);
            var optimizer = optim.Adam(model.parameters(), lr: 1e-3, weight_decay: 1e-6);
            var loss = BCEWithLogitsLoss();
            var n = buyers.shape[0];

            foreach (var step in Enumerable.Range(0, steps))
            {
                var idx = torch.randint(0, n, new long[] { batch });
                optimizer.zero_grad();
                var logits = model.Score(buyers.index_select(0, idx), listings.index_select(0, idx));
                var value = loss.call(logits, matched.index_select(0, idx));
                value.backward();
                optimizer.step();
                if (step % 1000 == 0)
                {
                    Console.WriteLine($"step {step}: bce {value.item<float>():F4}");
                }
            }

            return model;
        }
    }
}
