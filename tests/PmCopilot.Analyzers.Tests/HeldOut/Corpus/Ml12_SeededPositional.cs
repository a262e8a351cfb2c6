// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class Program
{
    private const int Seed = 2024;

    public static MLContext Create() => new MLContext(Seed);

    public static MLContext CreateFromConfig(int seed) => new(seed);
}
