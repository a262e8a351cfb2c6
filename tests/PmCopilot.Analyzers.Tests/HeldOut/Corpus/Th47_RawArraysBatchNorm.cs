// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

public static class Sensors
{
    public static void Run(double[] readings, double[] targets, int rows)
    {
        torch.manual_seed(16);
        var x = torch.tensor(readings, new long[] { rows, 6 }).to_type(ScalarType.Float32);
        var y = torch.tensor(targets, new long[] { rows, 1 }).to_type(ScalarType.Float32);
        var model = Sequential(BatchNorm1d(6), Linear(6, 32), ReLU(), Linear(32, 1));
        var optimizer = torch.optim.Adam(model.parameters(), lr: 1e-3);
        var criterion = MSELoss();
        for (var epoch = 0; epoch < 50; epoch++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            criterion.call(model.call(x), y).backward();
            optimizer.step();
        }
    }
}
