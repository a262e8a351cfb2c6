// expect: PMC006@28, PMC008@55
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Saas.Churn
{
    public static class ChurnNetworks
    {
        /// <summary>Outputs a churn probability per account.</summary>
        public static Sequential ProbabilityNet(int features) => Sequential(
            ("dense1", Linear(features, 32)),
            ("act1", LeakyReLU(0.01)),
            ("dense2", Linear(32, 1)),
            ("prob", Sigmoid()));
    }

    /// <summary>Scores accounts for the customer-success queue.</summary>
    public sealed class ChurnPredictor(Sequential model, float threshold = 0.5f)
    {
        public Tensor Probabilities(Tensor accounts)
        {
            model.eval();
            return model.call(accounts).squeeze(-1);
        }

        public IEnumerable<int> AccountsToContact(Tensor accounts)
        {
            using var probs = Probabilities(accounts);
            return probs.data<float>().ToArray()
                .Select((p, i) => (p, i))
                .Where(t => t.p >= threshold)
                .Select(t => t.i);
        }
    }

    public static class ChurnTraining
    {
        public static Sequential Train(Tensor features, Tensor churned, int epochs)
        {
            torch.manual_seed(11);
            var model = ChurnNetworks.ProbabilityNet((int)features.shape[1]);
            var optimizer = optim.Adam(model.parameters(), lr: 5e-3);
            var bce = BCELoss();

            foreach (var epoch in Enumerable.Range(0, epochs))
            {
                using var scope = torch.NewDisposeScope();
                optimizer.zero_grad();
                var probabilities = model.call(features).squeeze(-1);
                var loss = bce.call(probabilities, churned);
                loss.backward();
                optimizer.step();
                if (epoch % 50 == 0)
                {
                    Console.WriteLine($"epoch {epoch}: bce {loss.item<float>():F4}");
                }
            }

            return model;
        }
    }
}
