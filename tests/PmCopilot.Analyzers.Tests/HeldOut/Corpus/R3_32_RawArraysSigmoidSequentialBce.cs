// expect: PMC001@26, PMC008@42
using System;
using System.IO;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Credit.Approval;

public static class ApprovalTraining
{
    private static (float[] Features, long[] Labels, int Rows) ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path).Skip(1).Select(l => l.Split(',')).ToArray();
        var features = lines.SelectMany(cells => cells.Take(12).Select(float.Parse)).ToArray();
        var labels = lines.Select(cells => long.Parse(cells[12])).ToArray();
        return (features, labels, lines.Length);
    }

    public static void Train(string csvPath, string modelPath)
    {
        torch.manual_seed(404);
        var (features, labels, rows) = ReadCsv(csvPath);

        var x = torch.tensor(features, new long[] { rows, 12 });
        var y = torch.tensor(labels).to_type(ScalarType.Float32).unsqueeze(1);

        var model = Sequential(
            ("fc1", Linear(12, 32)),
            ("relu", ReLU()),
            ("fc2", Linear(32, 1)),
            ("sigmoid", Sigmoid()));
        var optimizer = torch.optim.Adam(model.parameters(), lr: 1e-3);
        var criterion = BCELoss();

        model.train();
        for (var epoch = 0; epoch < 250; epoch++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = criterion.call(model.call(x), y);
            loss.backward();
            optimizer.step();
        }

        model.save(modelPath);
    }
}
