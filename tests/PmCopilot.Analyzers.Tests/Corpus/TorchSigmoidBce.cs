using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Corpus.TorchSigmoidBce;

public static class Binary
{
    public static void Train(Tensor features, Tensor targets)
    {
        torch.manual_seed(5);
        var model = Sequential(Linear(10, 16), ReLU(), Linear(16, 1), Sigmoid());
        var criterion = BCELoss();
        var optimizer = torch.optim.AdamW(model.parameters(), lr: 0.001);
        foreach (var epoch in Enumerable.Range(0, 30))
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = criterion.call(model.call(features), targets); // expect PMC008
            loss.backward();
            optimizer.step();
        }
    }

    public static void TrainLogits(Tensor features, Tensor targets)
    {
        torch.manual_seed(5);
        var model = Sequential(Linear(10, 16), ReLU(), Linear(16, 1));
        var criterion = BCEWithLogitsLoss();
        var optimizer = torch.optim.AdamW(model.parameters(), lr: 0.001);
        foreach (var epoch in Enumerable.Range(0, 30))
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = criterion.call(model.call(features), targets);
            loss.backward();
            optimizer.step();
        }
    }

    public static Tensor ManualSigmoid(Tensor logits, Tensor targets)
    {
        var probabilities = torch.sigmoid(logits);
        return functional.binary_cross_entropy(probabilities, targets); // expect PMC008
    }
}
