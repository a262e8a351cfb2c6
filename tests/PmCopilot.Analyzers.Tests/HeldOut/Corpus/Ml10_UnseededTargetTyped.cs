// expect: PMC007@12
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class Program
{
    public static void Main()
    {
        MLContext ml = new();
        var data = ml.Data.LoadFromEnumerable(new[] { new Transaction { Amount = 1, Age = 2, Balance = 3, Label = true } });
        Console.WriteLine(data.Schema.Count);
    }
}

public sealed class Transaction
{
    [LoadColumn(0)] public float Amount { get; set; }
    [LoadColumn(1)] public float Age { get; set; }
    [LoadColumn(2)] public float Balance { get; set; }
    [LoadColumn(3)] public bool Label { get; set; }
}
