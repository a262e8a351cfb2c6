// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Hr.Attrition;

public sealed record TrainingConfig(int Epochs, double LearningRate, double WeightDecay, int Seed);

public sealed class AttritionModel : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _fc1;
    private readonly Module<Tensor, Tensor> _bn;
    private readonly Module<Tensor, Tensor> _fc2;

    public AttritionModel(int inputs) : base(nameof(AttritionModel))
    {
        _fc1 = Linear(inputs, 32);
        _bn = BatchNorm1d(32);
        _fc2 = Linear(32, 2);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var h = _fc1.forward(x);
        using var n = _bn.forward(h);
        using var a = functional.relu(n);
        return _fc2.forward(a);
    }
}

public sealed class AttritionPipeline
{
    private readonly AttritionModel _model;
    private readonly TrainingConfig _config;

    public AttritionPipeline(int inputs, TrainingConfig config)
    {
        _config = config;
        torch.manual_seed(config.Seed);
        _model = new AttritionModel(inputs);
    }

    public void Train(Tensor x, Tensor y)
    {
        var optimizer = torch.optim.AdamW(_model.parameters(), lr: _config.LearningRate, weight_decay: _config.WeightDecay);
        var criterion = CrossEntropyLoss();
        _model.train();
        foreach (var epoch in Enumerable.Range(0, _config.Epochs))
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = criterion.call(_model.call(x), y);
            loss.backward();
            optimizer.step();
        }
    }

    public IReadOnlyDictionary<string, double> Test(Tensor testX, Tensor testY)
    {
        _model.eval();
        return new Dictionary<string, double>
        {
            ["accuracy"] = Accuracy(_model, testX, testY),
        };
    }

    private static double Accuracy(Module<Tensor, Tensor> model, Tensor x, Tensor y)
    {
        using var _ = torch.no_grad();
        using var predicted = model.call(x).argmax(1);
        return predicted.eq(y).sum().item<long>() / (double)y.shape[0];
    }
}
