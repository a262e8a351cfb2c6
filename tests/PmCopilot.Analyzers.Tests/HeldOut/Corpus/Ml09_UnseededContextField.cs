// expect: PMC007@10
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public sealed class Service
{
    private readonly MLContext _ml = new MLContext();

    public IDataView Load(string path) => _ml.Data.LoadFromTextFile<Transaction>(path, hasHeader: true, separatorChar: ',');
}

public sealed class Transaction
{
    [LoadColumn(0)] public float Amount { get; set; }
    [LoadColumn(1)] public float Age { get; set; }
    [LoadColumn(2)] public float Balance { get; set; }
    [LoadColumn(3)] public bool Label { get; set; }
}
