using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Corpus.CleanB2TorchInference;

public sealed class Scorer : IDisposable
{
    private readonly Module<Tensor, Tensor> _model;

    public Scorer(Module<Tensor, Tensor> model)
    {
        _model = model;
        _model.eval();
    }

    public float[] Score(float[] features, int rows)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var input = torch.tensor(features).reshape(rows, -1);
        var probabilities = functional.softmax(_model.call(input), 1);
        return probabilities.data<float>().ToArray();
    }

    public void Dispose() => _model.Dispose();
}
