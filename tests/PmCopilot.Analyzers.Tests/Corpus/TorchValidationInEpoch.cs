using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Corpus.TorchValidationInEpoch;

public sealed class Trainer
{
    private readonly Module<Tensor, Tensor> _model;
    private readonly torch.optim.Optimizer _optimizer;
    private readonly Loss<Tensor, Tensor, Tensor> _loss = CrossEntropyLoss();

    public Trainer(Module<Tensor, Tensor> model)
    {
        _model = model;
        _optimizer = torch.optim.Adam(_model.parameters(), lr: 3e-4);
    }

    public void Fit(Tensor trainX, Tensor trainY, Tensor validX, Tensor validY, int epochs)
    {
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            using var scope = torch.NewDisposeScope();
            _optimizer.zero_grad();
            var loss = _loss.call(_model.call(trainX), trainY);
            loss.backward(); // expect PMC007
            _optimizer.step();

            _model.eval(); // expect PMC005
            using (torch.no_grad())
            {
                var validLoss = _loss.call(_model.call(validX), validY);
                System.Console.WriteLine($"{epoch}: {validLoss.item<float>()}");
            }
        }
    }
}
