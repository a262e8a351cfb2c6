// expect: none
using System;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Retail.Categories;

public sealed class ProductRow
{
    [LoadColumn(0)] public float Weight { get; set; }
    [LoadColumn(1)] public float Price { get; set; }
    [LoadColumn(2)] public float ShelfLifeDays { get; set; }
    [LoadColumn(3)] public float PackageVolume { get; set; }
    [LoadColumn(4)] public string Category { get; set; }
}

public sealed class ProductPrediction
{
    [ColumnName("PredictedLabel")] public string Category { get; set; }
    public float[] Score { get; set; }
}

public sealed class CategoryClassifier
{
    private readonly MLContext _ml;
    private ITransformer _model;

    public CategoryClassifier(MLContext ml) => _ml = ml;

    public MulticlassClassificationMetrics Train(string trainPath, string testPath)
    {
        IDataView train = _ml.Data.LoadFromTextFile<ProductRow>(trainPath, separatorChar: '\t', hasHeader: true);
        IDataView test = _ml.Data.LoadFromTextFile<ProductRow>(testPath, separatorChar: '\t', hasHeader: true);

        IEstimator<ITransformer> features = _ml.Transforms.Conversion.MapValueToKey("Label", nameof(ProductRow.Category));
        features = features.Append(_ml.Transforms.Concatenate("Features", "Weight", "Price", "ShelfLifeDays", "PackageVolume"));
        features = features.Append(_ml.Transforms.NormalizeMeanVariance("Features"));

        var trainerOptions = new LbfgsMaximumEntropyMulticlassTrainer.Options
        {
            L2Regularization = 0.05f,
            HistorySize = 30,
            MaximumNumberOfIterations = 500,
        };

        IEstimator<ITransformer> pipeline = features
            .Append(_ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(trainerOptions))
            .Append(_ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

        _model = pipeline.Fit(train);
        var metrics = _ml.MulticlassClassification.Evaluate(_model.Transform(test));
        Console.WriteLine($"micro-acc {metrics.MicroAccuracy:P2} macro-acc {metrics.MacroAccuracy:P2} log-loss {metrics.LogLoss:F3}");
        return metrics;
    }

    public string Predict(ProductRow row)
    {
        var engine = _ml.Model.CreatePredictionEngine<ProductRow, ProductPrediction>(_model);
        return engine.Predict(row).Category;
    }
}
