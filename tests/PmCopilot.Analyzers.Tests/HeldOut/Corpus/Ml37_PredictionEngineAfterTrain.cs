// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class Scoring
{
    public sealed class Prediction
    {
        [ColumnName("PredictedLabel")] public bool IsFraud { get; set; }
        public float Probability { get; set; }
    }

    public static bool Score(MLContext ml, ITransformer model, Transaction input)
    {
        var engine = ml.Model.CreatePredictionEngine<Transaction, Prediction>(model);
        var prediction = engine.Predict(input);
        return prediction.IsFraud && prediction.Probability > 0.8f;
    }
}

public sealed class Transaction
{
    [LoadColumn(0)] public float Amount { get; set; }
    [LoadColumn(1)] public float Age { get; set; }
    [LoadColumn(2)] public float Balance { get; set; }
    [LoadColumn(3)] public bool Label { get; set; }
}
