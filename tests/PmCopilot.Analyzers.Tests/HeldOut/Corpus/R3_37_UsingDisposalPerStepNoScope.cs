// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Speech.Emotion;

public sealed class EmotionHead : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _proj;
    private readonly Module<Tensor, Tensor> _drop;
    private readonly Module<Tensor, Tensor> _cls;

    public EmotionHead(int embedding, int emotions) : base(nameof(EmotionHead))
    {
        _proj = Linear(embedding, 128);
        _drop = Dropout(0.2);
        _cls = Linear(128, emotions);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var p = _proj.forward(x);
        using var a = functional.gelu(p);
        using var d = _drop.forward(a);
        return _cls.forward(d);
    }
}

public static class EmotionTraining
{
    public static void Train(IReadOnlyList<(Tensor Embeddings, Tensor Labels)> batches, Tensor testX, Tensor testY, int steps)
    {
        torch.manual_seed(2718);
        var model = new EmotionHead(embedding: 192, emotions: 6);
        var optimizer = torch.optim.RMSProp(model.parameters(), lr: 5e-4, alpha: 0.95);
        var criterion = CrossEntropyLoss();

        model.train();
        for (var step = 0; step < steps; step++)
        {
            var (xb, yb) = batches[step % batches.Count];
            optimizer.zero_grad();
            using var logits = model.call(xb);
            using var loss = criterion.call(logits, yb);
            loss.backward();
            optimizer.step();

            if (step % 200 == 0)
            {
                Console.WriteLine($"step {step}: loss {loss.item<float>():F4}");
            }
        }

        model.eval();
        using var noGrad = torch.no_grad();
        using var testLogits = model.call(testX);
        using var predicted = testLogits.argmax(1);
        using var hits = predicted.eq(testY);
        Console.WriteLine($"test accuracy {hits.sum().item<long>() / (double)testY.shape[0]:P1}");
    }
}
