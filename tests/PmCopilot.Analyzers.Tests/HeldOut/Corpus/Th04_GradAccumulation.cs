// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

public static class Training
{
    public static void Run(IList<(Tensor X, Tensor Y)> batches)
    {
        torch.manual_seed(1);
        var model = new Classifier(8, 3);
        var optimizer = torch.optim.AdamW(model.parameters(), lr: 3e-4);
        var criterion = CrossEntropyLoss();
        const int accumulate = 4;
        for (var i = 0; i < batches.Count; i++)
        {
            using var scope = torch.NewDisposeScope();
            var loss = criterion.call(model.call(batches[i].X), batches[i].Y) / accumulate;
            loss.backward();
            if ((i + 1) % accumulate == 0)
            {
                optimizer.step();
                optimizer.zero_grad();
            }
        }
    }
}

public sealed class Classifier : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _hidden;
    private readonly Module<Tensor, Tensor> _dropout;
    private readonly Module<Tensor, Tensor> _output;

    public Classifier(int inputs, int classes) : base(nameof(Classifier))
    {
        _hidden = Linear(inputs, 32);
        _dropout = Dropout(0.2);
        _output = Linear(32, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var hidden = functional.relu(_hidden.forward(input));
        using var dropped = _dropout.forward(hidden);
        return _output.forward(dropped);
    }
}
