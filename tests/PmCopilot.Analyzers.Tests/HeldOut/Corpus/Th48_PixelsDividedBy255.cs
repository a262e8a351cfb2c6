// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

public static class Digits
{
    public static void Run(float[] pixels, long[] labels, int images)
    {
        torch.manual_seed(17);
        var x = torch.tensor(pixels, new long[] { images, 784 }) / 255.0f;
        var y = torch.tensor(labels);
        var model = Sequential(Linear(784, 128), ReLU(), Linear(128, 10));
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
