// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

public static class Inference
{
    public static long Predict(Classifier model, Tensor input)
    {
        model.eval();
        using var grad = torch.set_grad_enabled(false);
        using var logits = model.call(input);
        return logits.argmax(1).item<long>();
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
