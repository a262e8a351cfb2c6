// expect: PMC011@14, PMC011@15
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

public static class Optimizers
{
    public static optim.Optimizer Create(Classifier model, bool sparse)
    {
        if (sparse)
            return torch.optim.Adagrad(model.parameters());
        return torch.optim.AdamW(model.parameters(), weight_decay: 0.01);
    }

    public static optim.Optimizer CreateTuned(Classifier model, double lr) => torch.optim.Adam(model.parameters(), lr);
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
