// expect: PMC005@26
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

public static class FineTune
{
    public static void Run(Classifier model, Tensor probeX, Tensor x, Tensor y)
    {
        torch.manual_seed(23);
        model.eval();
        using (torch.no_grad())
        {
            Console.WriteLine(model.call(probeX).argmax(1).ToString());
        }

        var optimizer = torch.optim.SGD(model.parameters(), 0.001);
        var criterion = CrossEntropyLoss();
        for (var step = 0; step < 100; step++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            criterion.call(model.call(x), y).backward();
            optimizer.step();
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
