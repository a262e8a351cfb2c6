// expect: PMC008@31
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

public sealed class SoftmaxNet : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _fc1 = Linear(8, 32);
    private readonly Module<Tensor, Tensor> _fc2 = Linear(32, 3);

    public SoftmaxNet() : base(nameof(SoftmaxNet)) => RegisterComponents();

    public override Tensor forward(Tensor input) => functional.softmax(_fc2.forward(functional.relu(_fc1.forward(input))), 1);
}

public static class Training
{
    public static void Run(Tensor x, Tensor y)
    {
        torch.manual_seed(12);
        var model = new SoftmaxNet();
        var optimizer = torch.optim.Adam(model.parameters(), lr: 1e-3);
        var criterion = CrossEntropyLoss();
        for (var epoch = 0; epoch < 10; epoch++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = criterion.call(model.call(x), y);
            loss.backward();
            optimizer.step();
        }
    }
}
