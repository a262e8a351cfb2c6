// expect: PMC009@24
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

public sealed class Scorer : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _net;

    public Scorer() : base(nameof(Scorer))
    {
        _net = Sequential(Linear(10, 20), ReLU(), Linear(20, 1));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => _net.call(input);

    public Tensor Score(Tensor input)
    {
        using var noGrad = torch.no_grad();
        return _net.forward(input).squeeze(-1);
    }
}
