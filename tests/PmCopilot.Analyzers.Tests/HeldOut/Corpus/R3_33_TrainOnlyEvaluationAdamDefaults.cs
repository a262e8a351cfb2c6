// expect: PMC011@28, PMC003@44
using System;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Agriculture.Disease;

public sealed class LeafNet : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _stack;

    public LeafNet(int inputs, int classes) : base(nameof(LeafNet))
    {
        _stack = Sequential(Linear(inputs, 96), ReLU(), Dropout(0.2), Linear(96, classes));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => _stack.forward(x);
}

public static class LeafExperiment
{
    public static double Run(Tensor leafFeatures, Tensor diseaseLabels, int epochs)
    {
        torch.manual_seed(73);
        var model = new LeafNet((int)leafFeatures.shape[1], 4);
        var optimizer = torch.optim.Adam(model.parameters());
        var criterion = CrossEntropyLoss();

        for (var epoch = 0; epoch < epochs; epoch++)
        {
            using var scope = torch.NewDisposeScope();
            model.train();
            optimizer.zero_grad();
            var loss = criterion.call(model.call(leafFeatures), diseaseLabels);
            loss.backward();
            optimizer.step();
        }

        model.eval();
        using (torch.no_grad())
        {
            var predicted = model.call(leafFeatures).argmax(1);
            var accuracy = predicted.eq(diseaseLabels).to_type(ScalarType.Float64).mean().item<double>();
            Console.WriteLine($"accuracy: {accuracy:P2}");
            return accuracy;
        }
    }
}
