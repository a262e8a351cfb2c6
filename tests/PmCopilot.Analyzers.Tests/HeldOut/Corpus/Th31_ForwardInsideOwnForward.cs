// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

public sealed class Encoder : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _block;
    private readonly Module<Tensor, Tensor> _head;

    public Encoder() : base(nameof(Encoder))
    {
        _block = Sequential(Linear(16, 16), ReLU(), LayerNorm(16));
        _head = Linear(16, 4);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var features = _block.forward(input);
        return _head.forward(features + input);
    }
}
