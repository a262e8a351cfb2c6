using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Corpus.TorchEvaluateHelper;

public static class Metrics
{
    public static double Evaluate(Module<Tensor, Tensor> model, Tensor x, Tensor y)
    {
        using var noGrad = torch.no_grad();
        var predicted = model.call(x).argmax(1); // expect PMC005
        return predicted.eq(y).sum().item<long>() / (double)y.shape[0];
    }

    public static Tensor Predict(Module<Tensor, Tensor> model, Tensor x)
    {
        model.eval();
        return model.call(x); // expect PMC006
    }

    public static Tensor PredictSafely(Module<Tensor, Tensor> model, Tensor x)
    {
        model.eval();
        using var _ = torch.inference_mode();
        return model.call(x);
    }
}
