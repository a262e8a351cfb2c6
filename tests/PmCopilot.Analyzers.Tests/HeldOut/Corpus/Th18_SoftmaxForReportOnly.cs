// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

public static class Training
{
    public static void Run(Tensor x, Tensor y, Tensor sample)
    {
        torch.manual_seed(5);
        var model = Sequential(Linear(8, 32), ReLU(), Linear(32, 3));
        var optimizer = torch.optim.Adam(model.parameters(), lr: 1e-3);
        var criterion = CrossEntropyLoss();
        for (var epoch = 0; epoch < 10; epoch++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var logits = model.call(x);
            var loss = criterion.call(logits, y);
            loss.backward();
            optimizer.step();
        }

        model.eval();
        using (torch.no_grad())
        {
            var probabilities = functional.softmax(model.call(sample), 1);
            Console.WriteLine(probabilities.max().item<float>());
        }
    }
}
