// expect: PMC012@44
using System;
using System.Threading.Tasks;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Fraud.Scoring;

public sealed class CardTransaction
{
    [LoadColumn(0)] public float Amount { get; set; }
    [LoadColumn(1)] public float MerchantRisk { get; set; }
    [LoadColumn(2)] public float HourOfDay { get; set; }
    [LoadColumn(3)] public float DistanceFromHome { get; set; }
    [LoadColumn(4), ColumnName("Label")] public bool IsFraud { get; set; }
}

public sealed class FraudModelService
{
    private readonly MLContext _ml = new MLContext(seed: 17);

    public async Task<ITransformer> TrainAsync(string trainPath, string testPath)
    {
        IDataView train = _ml.Data.LoadFromTextFile<CardTransaction>(trainPath, separatorChar: ',', hasHeader: true);
        IDataView test = _ml.Data.LoadFromTextFile<CardTransaction>(testPath, separatorChar: ',', hasHeader: true);

        var trainerOptions = new FastTreeBinaryTrainer.Options
        {
            NumberOfTrees = 300,
            NumberOfLeaves = 31,
            LearningRate = 0.05,
            MinimumExampleCountPerLeaf = 20,
        };

        IEstimator<ITransformer> pipeline = _ml.Transforms
            .Concatenate("Features", "Amount", "MerchantRisk", "HourOfDay", "DistanceFromHome")
            .Append(_ml.BinaryClassification.Trainers.FastTree(trainerOptions));

        ITransformer model = await Task.Run(() => pipeline.Fit(train));

        IDataView predictions = model.Transform(test);
        CalibratedBinaryClassificationMetrics metrics = await Task.Run(() => _ml.BinaryClassification.Evaluate(predictions));
        if (metrics.Accuracy < 0.9)
        {
            throw new InvalidOperationException("Fraud model is below the release bar.");
        }

        await Task.Delay(0);
        return model;
    }
}
