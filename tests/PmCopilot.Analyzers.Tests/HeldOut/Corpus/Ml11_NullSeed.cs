// expect: PMC007@10
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class Program
{
    public static MLContext Create() => new MLContext(seed: null);
}
