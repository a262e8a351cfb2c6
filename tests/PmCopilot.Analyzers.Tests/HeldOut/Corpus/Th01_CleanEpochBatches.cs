// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

public static class Training
{
    public static void Run()
    {
        torch.manual_seed(42);
        var trainX = torch.randn(512, 8);
        var trainY = torch.randint(0, 3, new long[] { 512 });
        var testX = torch.randn(128, 8);
        var testY = torch.randint(0, 3, new long[] { 128 });
        var model = new Classifier(8, 3);
        var optimizer = torch.optim.Adam(model.parameters(), lr: 1e-3);
        var criterion = CrossEntropyLoss();
        const int batchSize = 64;

        for (var epoch = 0; epoch < 20; epoch++)
        {
            model.train();
            for (long start = 0; start < trainX.shape[0]; start += batchSize)
            {
                using var scope = torch.NewDisposeScope();
                var xb = trainX.narrow(0, start, batchSize);
                var yb = trainY.narrow(0, start, batchSize);
                optimizer.zero_grad();
                var loss = criterion.call(model.call(xb), yb);
                loss.backward();
                optimizer.step();
            }
        }

        model.eval();
        using (torch.no_grad())
        {
            var predicted = model.call(testX).argmax(1);
            var accuracy = predicted.eq(testY).sum().item<long>() / (double)testY.shape[0];
            Console.WriteLine($"test accuracy {accuracy:P1}");
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
