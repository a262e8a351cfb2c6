using Microsoft.ML;
using Microsoft.ML.Data;

namespace Corpus.B2MlRegressionFieldPipeline;

public class Taxi
{
    [LoadColumn(0)] public float Distance { get; set; }
    [LoadColumn(1)] public float Passengers { get; set; }
    [LoadColumn(2)] public float Fare { get; set; }
}

public sealed class FareModel
{
    private readonly MLContext _context;
    private readonly IEstimator<ITransformer> _pipeline;

    public FareModel()
    {
        _context = new MLContext(seed: 9);
        _pipeline = _context.Transforms.Concatenate("Features", nameof(Taxi.Distance), nameof(Taxi.Passengers))
            .Append(_context.Regression.Trainers.LbfgsPoissonRegression(labelColumnName: nameof(Taxi.Fare))); // expect PMC001
    }

    public RegressionMetrics TrainAndScore(IDataView train, IDataView test)
    {
        var model = _pipeline.Fit(train);
        return _context.Regression.Evaluate(model.Transform(test), labelColumnName: nameof(Taxi.Fare));
    }
}
