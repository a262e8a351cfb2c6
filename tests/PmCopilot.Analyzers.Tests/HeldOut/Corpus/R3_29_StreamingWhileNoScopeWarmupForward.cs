// expect: PMC009@49, PMC010@58
using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Iot.Monitoring;

public sealed class VibrationScorer : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _encoder;
    private readonly Module<Tensor, Tensor> _score;

    public VibrationScorer(int window) : base(nameof(VibrationScorer))
    {
        _encoder = Sequential(Linear(window, 64), LayerNorm(64), ReLU(), Linear(64, 16), ReLU());
        _score = Linear(16, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var z = _encoder.forward(x);
        return _score.forward(z);
    }
}

public sealed class AnomalyMonitor
{
    private readonly VibrationScorer _model;
    private readonly Queue<Tensor> _pending = new();
    private readonly float _threshold;

    public AnomalyMonitor(string weightsPath, int window, float threshold)
    {
        _model = new VibrationScorer(window);
        _model.load(weightsPath);
        _threshold = threshold;
    }

    public void Enqueue(Tensor window) => _pending.Enqueue(window);

    public void Warmup(int window)
    {
        _model.eval();
        using var _ = torch.no_grad();
        using var dummy = torch.zeros(1, window);
        using var output = _model.forward(dummy);
    }

    public int Drain(Action<long> onAnomaly)
    {
        _model.eval();
        using var _ = torch.no_grad();
        var anomalies = 0;
        long sequence = 0;
        while (_pending.Count > 0)
        {
            var window = _pending.Dequeue();
            var score = torch.sigmoid(_model.call(window.unsqueeze(0)));
            if (score.item<float>() > _threshold)
            {
                anomalies++;
                onAnomaly(sequence);
            }

            sequence++;
        }

        return anomalies;
    }
}
