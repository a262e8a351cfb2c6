// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

public static class Validation
{
    public static void Report(Classifier model, Tensor validX, Tensor validY)
    {
        model.eval();
        using (torch.no_grad())
        {
            Console.WriteLine($"validation accuracy {Accuracy(model, validX, validY):P1}");
        }

        model.train();
    }

    private static double Accuracy(Classifier model, Tensor x, Tensor y)
    {
        using var predicted = model.call(x).argmax(1);
        return predicted.eq(y).sum().item<long>() / (double)y.shape[0];
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
