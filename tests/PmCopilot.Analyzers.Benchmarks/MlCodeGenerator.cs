using System.Globalization;
using System.Text;

namespace PmCopilot.Analyzers.Benchmarks;

/// <summary>Generates a synthetic ML codebase (ML.NET pipelines, TorchSharp training loops, helpers, plain code) of a given size.</summary>
internal static class MlCodeGenerator
{
    public static IReadOnlyList<(string Name, string Text)> Generate(int targetLines)
    {
        var files = new List<(string, string)>();
        var lines = 0;
        for (var i = 0; lines < targetLines; i++)
        {
            var text = (i % 4) switch
            {
                0 => MlNetFile(i),
                1 => TorchFile(i),
                2 => HelperFile(i),
                _ => PlainFile(i),
            };
            files.Add(($"Generated{i:0000}.cs", text));
            lines += text.Count(c => c == '\n') + 1;
        }

        return files;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string MlNetFile(int i)
    {
        var b = new StringBuilder();
        b.AppendLine("using Microsoft.ML;");
        b.AppendLine("using Microsoft.ML.Data;");
        b.AppendLine(F($"namespace Gen.Ml{i};"));
        b.AppendLine(F($"public class Row{i} {{ [LoadColumn(0)] public float A {{ get; set; }} [LoadColumn(1)] public float B {{ get; set; }} [LoadColumn(2)] public float C {{ get; set; }} [LoadColumn(3)] public bool Label {{ get; set; }} }}"));
        b.AppendLine(F($"public static class Pipeline{i}"));
        b.AppendLine("{");
        for (var m = 0; m < 6; m++)
        {
            var normalize = (i + m) % 3 != 0;
            b.AppendLine(F($"    public static double Train{m}(string path)"));
            b.AppendLine("    {");
            b.AppendLine(F($"        var ml = new MLContext(seed: {m});"));
            b.AppendLine(F($"        var data = ml.Data.LoadFromTextFile<Row{i}>(path, separatorChar: ',');"));
            b.AppendLine("        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);");
            b.AppendLine("        IEstimator<ITransformer> pipeline = ml.Transforms.Concatenate(\"Features\", \"A\", \"B\", \"C\");");
            if (normalize)
                b.AppendLine("        pipeline = pipeline.Append(ml.Transforms.NormalizeMeanVariance(\"Features\"));");
            b.AppendLine("        pipeline = pipeline.Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());");
            b.AppendLine("        var model = pipeline.Fit(split.TrainSet);");
            b.AppendLine("        var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));");
            b.AppendLine("        var total = 0.0;");
            b.AppendLine("        for (var k = 0; k < 10; k++)");
            b.AppendLine("        {");
            b.AppendLine("            total += metrics.AreaUnderRocCurve * k;");
            b.AppendLine("        }");
            b.AppendLine("        return total + metrics.Accuracy;");
            b.AppendLine("    }");
            b.AppendLine();
        }

        b.AppendLine("}");
        return b.ToString();
    }

    private static string TorchFile(int i)
    {
        var b = new StringBuilder();
        b.AppendLine("using TorchSharp;");
        b.AppendLine("using static TorchSharp.torch;");
        b.AppendLine("using static TorchSharp.torch.nn;");
        b.AppendLine(F($"namespace Gen.Torch{i};"));
        b.AppendLine(F($"public sealed class Net{i} : Module<Tensor, Tensor>"));
        b.AppendLine("{");
        b.AppendLine("    private readonly Module<Tensor, Tensor> _fc1 = Linear(16, 32);");
        b.AppendLine("    private readonly Module<Tensor, Tensor> _fc2 = Linear(32, 4);");
        b.AppendLine(F($"    public Net{i}() : base(\"net{i}\") => RegisterComponents();"));
        b.AppendLine("    public override Tensor forward(Tensor x) => _fc2.forward(functional.relu(_fc1.forward(x)));");
        b.AppendLine("}");
        b.AppendLine(F($"public static class Training{i}"));
        b.AppendLine("{");
        for (var m = 0; m < 4; m++)
        {
            var clean = (i + m) % 2 == 0;
            b.AppendLine(F($"    public static double Run{m}(Tensor x, Tensor y, Tensor testX, Tensor testY)"));
            b.AppendLine("    {");
            b.AppendLine("        torch.manual_seed(1);");
            b.AppendLine(F($"        var model = new Net{i}();"));
            b.AppendLine("        var optimizer = torch.optim.Adam(model.parameters(), lr: 0.001);");
            b.AppendLine("        var criterion = CrossEntropyLoss();");
            b.AppendLine("        for (var epoch = 0; epoch < 10; epoch++)");
            b.AppendLine("        {");
            if (clean)
                b.AppendLine("            using var scope = torch.NewDisposeScope();");
            b.AppendLine("            model.train();");
            b.AppendLine("            optimizer.zero_grad();");
            b.AppendLine("            var loss = criterion.call(model.call(x), y);");
            b.AppendLine("            loss.backward();");
            b.AppendLine("            optimizer.step();");
            b.AppendLine("        }");
            if (clean)
                b.AppendLine("        model.eval();");
            b.AppendLine("        using var noGrad = torch.no_grad();");
            b.AppendLine("        var predicted = model.call(testX).argmax(1);");
            b.AppendLine("        return predicted.eq(testY).sum().item<long>() / (double)testY.shape[0];");
            b.AppendLine("    }");
            b.AppendLine();
        }

        b.AppendLine("}");
        return b.ToString();
    }

    private static string HelperFile(int i)
    {
        var b = new StringBuilder();
        b.AppendLine("using Microsoft.ML;");
        b.AppendLine(F($"namespace Gen.Helpers{i};"));
        b.AppendLine(F($"public sealed class Builder{i}"));
        b.AppendLine("{");
        b.AppendLine("    private readonly MLContext _ml = new MLContext(seed: 5);");
        b.AppendLine("    private IEstimator<ITransformer> Features() => _ml.Transforms.Concatenate(\"Features\", \"A\", \"B\");");
        b.AppendLine("    private IEstimator<ITransformer> Scale() => _ml.Transforms.NormalizeMinMax(\"Features\");");
        b.AppendLine("    private IEstimator<ITransformer> Learner() => _ml.Regression.Trainers.Sdca();");
        for (var m = 0; m < 8; m++)
        {
            b.AppendLine(F($"    public ITransformer Fit{m}(IDataView data)"));
            b.AppendLine("    {");
            b.AppendLine("        var pipeline = Features().Append(Scale()).Append(Learner());");
            b.AppendLine("        var model = pipeline.Fit(data);");
            b.AppendLine("        return model;");
            b.AppendLine("    }");
        }

        b.AppendLine("}");
        return b.ToString();
    }

    private static string PlainFile(int i)
    {
        var b = new StringBuilder();
        b.AppendLine(F($"namespace Gen.Plain{i};"));
        b.AppendLine(F($"public static class Utilities{i}"));
        b.AppendLine("{");
        for (var m = 0; m < 10; m++)
        {
            b.AppendLine(F($"    public static double Mean{m}(IReadOnlyList<double> values)"));
            b.AppendLine("    {");
            b.AppendLine("        var sum = 0.0;");
            b.AppendLine("        foreach (var value in values)");
            b.AppendLine("        {");
            b.AppendLine("            sum += value;");
            b.AppendLine("        }");
            b.AppendLine("        return values.Count == 0 ? 0 : sum / values.Count;");
            b.AppendLine("    }");
        }

        b.AppendLine("}");
        return b.ToString();
    }
}
