// expect: none
using System;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Ocr.Digits
{
    /// <summary>
    /// Small MLP for 8x8 digit crops. The network ends in LogSoftmax and is trained with NLLLoss, so the
    /// loss sees log-probabilities exactly once; probabilities for the UI come from exp() at inference.
    /// </summary>
    public static class DigitMlp
    {
        public static Sequential Create(int pixels = 64, int classes = 10) => Sequential(
            ("hidden", Linear(pixels, 96)),
            ("act", Tanh()),
            ("logits", Linear(96, classes)),
            ("logprob", LogSoftmax(dim: 1)));

        public static void Train(Sequential model, Tensor images, Tensor digits, int epochs, long batchSize = 256)
        {
            torch.random.manual_seed(808);
            var optimizer = optim.Adagrad(model.parameters(), lr: 0.05);
            var nll = NLLLoss();
            var n = images.shape[0];

            for (var epoch = 0; epoch < epochs; epoch++)
            {
                var order = torch.randperm(n);
                for (long start = 0; start < n; start += batchSize)
                {
                    using var scope = torch.NewDisposeScope();
                    var idx = order.narrow(0, start, Math.Min(batchSize, n - start));
                    model.zero_grad();
                    var loss = nll.call(model.call(images.index_select(0, idx)), digits.index_select(0, idx));
                    loss.backward();
                    optimizer.step();
                }

                order.Dispose();
            }
        }

        public static (long Digit, float Confidence)[] Classify(Sequential model, Tensor crops)
        {
            model.eval();
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var probabilities = model.call(crops).exp();
            var (best, index) = probabilities.max(1);
            var confidences = best.data<float>().ToArray();
            return index.data<long>().ToArray().Select((d, i) => (d, confidences[i])).ToArray();
        }
    }
}
