// expect: PMC002@29, PMC006@49
using System;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Seismic.EventDetection
{
    /// <summary>
    /// Detects seismic events in 3-component waveform windows. Amplitudes vary by station gain,
    /// so windows are max-abs scaled into [-1, 1] before training.
    /// </summary>
    public sealed class EventDetector
    {
        private readonly Module<Tensor, Tensor> _net;

        public EventDetector(int samplesPerWindow)
        {
            torch.manual_seed(1906);
            _net = Sequential(
                ("flat", Flatten()),
                ("fc1", Linear(3 * samplesPerWindow, 128)),
                ("act", ReLU()),
                ("fc2", Linear(128, 2)));
        }

        public double TrainAndTest(Tensor windows, Tensor isEvent, int epochs)
        {
            var peak = windows.abs().max();
            var scaled = windows / peak;

            var parts = scaled.chunk(5, dim: 0);
            var labelParts = isEvent.chunk(5, dim: 0);
            var trainX = torch.cat(parts[..^1], dim: 0);
            var trainY = torch.cat(labelParts[..^1], dim: 0);
            var (testX, testY) = (parts[^1], labelParts[^1]);

            var optimizer = optim.AdamW(_net.parameters(), lr: 1e-3);
            var ce = CrossEntropyLoss();
            for (var epoch = 0; epoch < epochs; epoch++)
            {
                using var scope = torch.NewDisposeScope();
                optimizer.zero_grad();
                ce.call(_net.call(trainX), trainY).backward();
                optimizer.step();
            }

            _net.eval();
            var predicted = _net.call(testX).argmax(1);
            var recall = predicted.mul(testY).sum().item<long>() / (double)Math.Max(1L, testY.sum().item<long>());
            Console.WriteLine($"event recall on held-out windows: {recall:P1}");
            return recall;
        }
    }
}
