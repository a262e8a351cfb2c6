// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Search.Ranking;

public sealed class TwoTower : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _query;
    private readonly Module<Tensor, Tensor> _scorer;

    public TwoTower(int dim) : base(nameof(TwoTower))
    {
        _query = Sequential(Linear(dim, 128), ReLU(), Dropout(0.1), Linear(128, 64));
        _scorer = Linear(64, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var encoded = _query.forward(x);
        return _scorer.forward(encoded);
    }
}

public sealed class RankingService
{
    private readonly TwoTower _model;

    public RankingService(string weightsPath, int dim)
    {
        _model = new TwoTower(dim);
        _model.load(weightsPath);
    }

    public IReadOnlyList<int> Rank(Tensor candidates)
    {
        _model.eval();
        using var _ = torch.no_grad();
        using var scores = _model.call(candidates).squeeze(1);
        using var order = scores.argsort(descending: true);
        return order.data<long>().Select(i => (int)i).ToList();
    }

    public float Score(Tensor candidate)
    {
        _model.eval();
        using (torch.inference_mode())
        {
            using var score = _model.call(candidate.unsqueeze(0));
            return score.item<float>();
        }
    }
}
