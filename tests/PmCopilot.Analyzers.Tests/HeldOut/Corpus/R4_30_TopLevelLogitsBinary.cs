// expect: none
// Training script for the spam-call detector prototype: `dotnet run -- <epochs>`.
using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

var epochs = args.Length > 0 ? int.Parse(args[0]) : 200;
torch.random.manual_seed(SpamCallConfig.Seed);

// Synthetic stand-in for the call-metadata features until the telco feed is wired up.
var (trainX, trainY) = SpamCallConfig.Synthesize(4_000);
var (testX, testY) = SpamCallConfig.Synthesize(1_000);

var model = Sequential(
    ("l1", Linear(SpamCallConfig.Features, 32)),
    ("act", ReLU()),
    ("l2", Linear(32, 1)));
var optimizer = optim.Adam(model.parameters(), lr: SpamCallConfig.LearningRate);
var lossFn = BCEWithLogitsLoss(pos_weights: torch.tensor(4.0f));

for (var epoch = 1; epoch <= epochs; epoch++)
{
    using var scope = torch.NewDisposeScope();
    optimizer.zero_grad();
    var logits = model.call(trainX).squeeze(-1);
    var loss = lossFn.call(logits, trainY);
    loss.backward();
    optimizer.step();
    if (epoch % 50 == 0)
    {
        Console.WriteLine($"epoch {epoch,4}: loss {loss.item<float>():F4}");
    }
}

model.eval();
using (torch.no_grad())
{
    // Probabilities are only needed for the report; the loss above consumed raw logits.
    var probabilities = functional.sigmoid(model.call(testX).squeeze(-1));
    var predicted = probabilities.ge(SpamCallConfig.Threshold).to_type(ScalarType.Float32);
    var precision = (predicted * testY).sum().item<float>() / Math.Max(1f, predicted.sum().item<float>());
    var flagged = probabilities.data<float>().Count(p => p >= SpamCallConfig.Threshold);
    Console.WriteLine($"test precision {precision:P1}, flagged {flagged} of {testX.shape[0]} calls");
}

internal static class SpamCallConfig
{
    public const int Features = 12;
    public const long Seed = 314;
    public const double LearningRate = 3e-3;
    public const float Threshold = 0.7f;

    public static (Tensor X, Tensor Y) Synthesize(int rows)
    {
        var x = torch.randn(rows, Features);
        var weights = torch.linspace(-1.0, 1.0, Features);
        var y = (x.matmul(weights) + 0.3 * torch.randn(rows)).gt(0.8).to_type(ScalarType.Float32);
        return (x, y);
    }
}
