using System.Text;

namespace PmCopilot.LanguageServer.Bench;

/// <summary>A deterministic ML.NET + TorchSharp file of a given size, with a few smells the analyzers report.</summary>
internal static class MlCodeGenerator
{
    public static string Generate(int targetLines)
    {
        var code = new StringBuilder();
        code.AppendLine("using System;");
        code.AppendLine("using System.Collections.Generic;");
        code.AppendLine("using Microsoft.ML;");
        code.AppendLine("using Microsoft.ML.Data;");
        code.AppendLine("using TorchSharp;");
        code.AppendLine("using static TorchSharp.torch;");
        code.AppendLine();
        code.AppendLine("namespace Bench.Models;");
        code.AppendLine();
        code.AppendLine("public sealed class HouseRow { public float Size { get; set; } public float Rooms { get; set; } public float Price { get; set; } }");
        code.AppendLine();
        var index = 0;
        while (CountLines(code) < targetLines - 60)
        {
            code.Append(index % 2 == 0 ? MlNetBlock(index) : TorchBlock(index));
            index++;
        }

        return code.ToString();
    }

    private static int CountLines(StringBuilder code)
    {
        var lines = 0;
        for (var i = 0; i < code.Length; i++)
        {
            if (code[i] == '\n')
            {
                lines++;
            }
        }

        return lines;
    }

    private static string MlNetBlock(int i) => $$"""
        public static class Pipeline{{i}}
        {
            public static double Train(string path)
            {
                var ml = new MLContext({{(i % 6 == 0 ? string.Empty : $"seed: {i}")}});
                var data = ml.Data.LoadFromTextFile<HouseRow>(path, separatorChar: ',', hasHeader: true);
                var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: {{i}});
                var pipeline = ml.Transforms.Concatenate("Features", nameof(HouseRow.Size), nameof(HouseRow.Rooms))
                    .Append(ml.Transforms.NormalizeMinMax("Features"))
                    .Append(ml.Regression.Trainers.Sdca(labelColumnName: nameof(HouseRow.Price), maximumNumberOfIterations: {{10 + i}}));
                var model = pipeline.Fit(split.TrainSet);
                var predictions = model.Transform(split.TestSet);
                var metrics = ml.Regression.Evaluate(predictions, labelColumnName: nameof(HouseRow.Price));
                var total = 0.0;
                for (var k = 0; k < {{3 + i % 5}}; k++)
                {
                    total += metrics.RSquared * k;
                }

                Console.WriteLine($"pipeline {{i}}: r2={metrics.RSquared:F3} mae={metrics.MeanAbsoluteError:F3}");
                return total;
            }

            public static IReadOnlyList<float> Sizes(IEnumerable<HouseRow> rows)
            {
                var sizes = new List<float>();
                foreach (var row in rows)
                {
                    if (row.Size > {{i}})
                    {
                        sizes.Add(row.Size);
                    }
                }

                return sizes;
            }
        }


        """;

    private static string TorchBlock(int i) => $$"""
        public static class Network{{i}}
        {
            public static float Train(Tensor inputs, Tensor targets, int epochs)
            {
                torch.manual_seed({{i}});
                var model = torch.nn.Sequential(
                    ("fc1", torch.nn.Linear(8, {{16 + i}})),
                    ("relu", torch.nn.ReLU()),
                    ("fc2", torch.nn.Linear({{16 + i}}, 1)));
                var optimizer = torch.optim.Adam(model.parameters(), lr: 0.001);
                var loss = torch.nn.MSELoss();
                var last = 0f;
                for (var epoch = 0; epoch < epochs; epoch++)
                {
                    using var scope = torch.NewDisposeScope();
                    {{(i % 5 == 1 ? string.Empty : "optimizer.zero_grad();")}}
                    var output = model.call(inputs);
                    var value = loss.call(output, targets);
                    value.backward();
                    optimizer.step();
                    last = value.item<float>();
                }

                model.eval();
                using (torch.no_grad())
                {
                    var check = model.call(inputs);
                    last += check.mean().item<float>();
                }

                return last;
            }

            public static int Count(IEnumerable<float> values)
            {
                var count = 0;
                foreach (var value in values)
                {
                    if (value > {{i}}.5f)
                    {
                        count++;
                    }
                }

                return count;
            }
        }


        """;
}
