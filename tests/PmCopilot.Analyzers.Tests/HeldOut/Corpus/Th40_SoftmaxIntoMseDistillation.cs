// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

public static class Distillation
{
    public static void Run(Tensor x, Module<Tensor, Tensor> teacher)
    {
        torch.manual_seed(13);
        var student = Sequential(Linear(8, 16), ReLU(), Linear(16, 3));
        var optimizer = torch.optim.Adam(student.parameters(), lr: 1e-3);
        var criterion = MSELoss();
        teacher.eval();
        for (var epoch = 0; epoch < 10; epoch++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            Tensor target;
            using (torch.no_grad())
            {
                target = functional.softmax(teacher.call(x), 1);
            }

            var loss = criterion.call(functional.softmax(student.call(x), 1), target);
            loss.backward();
            optimizer.step();
        }
    }
}
