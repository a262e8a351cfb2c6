// expect: PMC009@16
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

public static class Inference
{
    public static Tensor Embed(Tensor tokens)
    {
        var encoder = Sequential(Linear(32, 16), ReLU(), Linear(16, 8));
        encoder.eval();
        using var noGrad = torch.no_grad();
        return encoder.forward(tokens);
    }
}
