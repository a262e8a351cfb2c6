// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

public static class Training
{
    public static void Run(Tensor x, Tensor y, Tensor testX, Tensor testY)
    {
        torch.manual_seed(5);
        var model = Sequential(Linear(8, 16), ReLU(), Linear(16, 1));
        var optimizer = torch.optim.Adam(model.parameters(), lr: 1e-3);
        var criterion = BCEWithLogitsLoss();
        for (var epoch = 0; epoch < 10; epoch++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = criterion.call(model.call(x), y);
            loss.backward();
            optimizer.step();
        }

        model.eval();
        using (torch.no_grad())
        {
            var probabilities = torch.sigmoid(model.call(testX));
            var predicted = probabilities.gt(0.5).to_type(ScalarType.Float32);
            Console.WriteLine(predicted.eq(testY).to_type(ScalarType.Float32).mean().item<float>());
        }
    }
}
