using Microsoft.ML;
using Microsoft.ML.Data;

namespace Corpus.MlRegressionHelpers;

public class House
{
    [LoadColumn(0)] public float Size { get; set; }
    [LoadColumn(1)] public float Rooms { get; set; }
    [LoadColumn(2)] public float Price { get; set; }
}

public class PricePipeline
{
    private readonly MLContext _ml = new MLContext(seed: 7);

    private IEstimator<ITransformer> Features()
    {
        return _ml.Transforms.Concatenate("Features", "Size", "Rooms");
    }

    private IEstimator<ITransformer> Learner() => _ml.Regression.Trainers.OnlineGradientDescent(labelColumnName: "Price");

    public ITransformer Train(IDataView data)
    {
        var pipeline = Features().Append(Learner()); // expect PMC001
        return pipeline.Fit(data);
    }

    public ITransformer TrainFastTreeLike(IDataView data)
    {
        var pipeline = Features().Append(_ml.Transforms.NormalizeLogMeanVariance("Features")).Append(Learner());
        return pipeline.Fit(data);
    }
}
