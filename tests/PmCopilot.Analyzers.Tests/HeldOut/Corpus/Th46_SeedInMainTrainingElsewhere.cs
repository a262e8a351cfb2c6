// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

public static class Program
{
    public static void Main()
    {
        torch.manual_seed(2025);
        Trainer.Fit(torch.randn(64, 8), torch.randint(0, 3, new long[] { 64 }));
    }
}

public static class Trainer
{
    public static void Fit(Tensor x, Tensor y)
    {
        var model = new Classifier(8, 3);
        var optimizer = torch.optim.Adam(model.parameters(), lr: 1e-3);
        var criterion = CrossEntropyLoss();
        for (var epoch = 0; epoch < 5; epoch++)
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
