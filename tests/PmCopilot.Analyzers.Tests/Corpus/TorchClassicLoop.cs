using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Corpus.TorchClassicLoop;

public static class Program
{
    public static void Train(float[] rawFeatures, long[] labels, int rows)
    {
        var x = torch.tensor(rawFeatures).reshape(rows, 4); // expect PMC001
        var y = torch.tensor(labels);
        var model = Sequential(("fc1", Linear(4, 32)), ("relu", ReLU()), ("fc2", Linear(32, 3)));
        var optimizer = torch.optim.Adam(model.parameters()); // expect PMC011
        var criterion = CrossEntropyLoss();

        for (int epoch = 0; epoch < 100; epoch++) // expect PMC010
        {
            var output = model.forward(x); // expect PMC009
            var loss = criterion.call(output, y);
            loss.backward(); // expect PMC007
            optimizer.step(); // expect PMC004
        }

        var predictions = model.call(x).argmax(1); // expect PMC003 PMC005 PMC006
        System.Console.WriteLine(predictions.ToString());
    }
}
