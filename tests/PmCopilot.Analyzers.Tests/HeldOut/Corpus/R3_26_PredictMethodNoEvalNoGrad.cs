// expect: PMC005@46, PMC006@46
using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Health.Triage;

public sealed class TriageNet : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _hidden;
    private readonly Module<Tensor, Tensor> _dropout;
    private readonly Module<Tensor, Tensor> _output;

    public TriageNet(int vitals, int levels) : base(nameof(TriageNet))
    {
        _hidden = Linear(vitals, 32);
        _dropout = Dropout(0.5);
        _output = Linear(32, levels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var h = functional.relu(_hidden.forward(input));
        using var d = _dropout.forward(h);
        return _output.forward(d);
    }
}

public sealed class TriagePredictor
{
    private static readonly string[] Levels = { "resuscitation", "emergent", "urgent", "less urgent", "non-urgent" };
    private readonly TriageNet _model;

    public TriagePredictor(string weightsPath)
    {
        _model = new TriageNet(vitals: 7, levels: Levels.Length);
        _model.load(weightsPath);
    }

    public string Predict(float[] vitals)
    {
        using var input = torch.tensor(vitals).unsqueeze(0);
        using var logits = _model.call(input);
        return Levels[logits.argmax(1).item<long>()];
    }

    public string[] PredictMany(float[][] patients) => patients.Select(Predict).ToArray();
}
