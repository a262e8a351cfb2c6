// expect: PMC010@36, PMC008@47
using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Geo.LandCover
{
    /// <summary>
    /// Per-pixel land-cover classifier over 13 spectral bands. Steps through the tile in fixed-size
    /// windows; one pass over all windows is roughly one epoch.
    /// </summary>
    public sealed class LandCoverClassifier
    {
        private readonly Sequential _net;
        private readonly int _classes;

        public LandCoverClassifier(int bands, int classes)
        {
            torch.manual_seed(13);
            _classes = classes;
            _net = Sequential(
                ("l1", Linear(bands, 64)),
                ("act1", ELU()),
                ("l2", Linear(64, 64)),
                ("act2", ELU()),
                ("logits", Linear(64, classes)));
        }

        public void Train(Tensor pixels, Tensor labels, int totalSteps, long window = 1024)
        {
            var optimizer = optim.Adamax(_net.parameters(), lr: 2e-3);
            var windows = (pixels.shape[0] + window - 1) / window;

            for (var step = 0; step < totalSteps; step++)
            {
                var start = (step % windows) * window;
                var length = Math.Min(window, pixels.shape[0] - start);
                var x = pixels.narrow(0, start, length);
                var y = labels.narrow(0, start, length);

                optimizer.zero_grad();
                var logits = _net.call(x);
                // Class probabilities are also what the map overlay shows, so compute them once here.
                var probs = functional.softmax(logits, dim: 1);
                var loss = functional.cross_entropy(probs, y);
                loss.backward();
                optimizer.step();

                if (step % 500 == 0)
                {
                    Console.WriteLine($"step {step}: loss {loss.item<float>():F4} ({_classes} classes)");
                }
            }
        }
    }
}
