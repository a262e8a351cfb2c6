// expect: PMC011@54, PMC004@67
using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Audio.Keywords;

public sealed class SpectrogramDataset : torch.utils.data.Dataset
{
    private readonly Tensor _features;
    private readonly Tensor _labels;

    public SpectrogramDataset(Tensor features, Tensor labels)
    {
        _features = features;
        _labels = labels;
    }

    public override long Count => _features.shape[0];

    public override Dictionary<string, Tensor> GetTensor(long index) => new()
    {
        ["features"] = _features[index],
        ["label"] = _labels[index],
    };
}

public sealed class KeywordSpotter : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _body;

    public KeywordSpotter(int mels, int keywords) : base(nameof(KeywordSpotter))
    {
        _body = Sequential(Linear(mels, 256), ReLU(), Dropout(0.3), Linear(256, 128), ReLU(), Linear(128, keywords));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => _body.forward(x);
}

public static class KeywordTraining
{
    public static async Task TrainAsync(string logPath, int epochs)
    {
        torch.manual_seed(31337);
        var dataset = new SpectrogramDataset(torch.randn(3000, 40), torch.randint(0, 12, new long[] { 3000 }));
        var loader = torch.utils.data.DataLoader(dataset, batchSize: 64, shuffle: true, seed: 31337);

        var model = new KeywordSpotter(40, 12);
        var optimizer = torch.optim.AdamW(model.parameters());
        var scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, epochs);
        var criterion = CrossEntropyLoss();

        for (var epoch = 0; epoch < epochs; epoch++)
        {
            model.train();
            double epochLoss = 0;
            foreach (var batch in loader)
            {
                using var scope = torch.NewDisposeScope();
                var loss = criterion.call(model.call(batch["features"]), batch["label"]);
                loss.backward();
                optimizer.step();
                epochLoss += loss.item<float>();
            }

            scheduler.step();
            await File.AppendAllTextAsync(logPath, $"{epoch}\t{epochLoss:F4}{Environment.NewLine}");
        }

        model.save(Path.ChangeExtension(logPath, ".bin"));
    }
}
