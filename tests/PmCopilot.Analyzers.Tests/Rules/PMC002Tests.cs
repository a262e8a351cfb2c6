using Verify = PmCopilot.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PmCopilot.Analyzers.Rules.PMC002DataLeakageAnalyzer>;

namespace PmCopilot.Analyzers.Tests.Rules;

public class PMC002Tests
{
    [Fact]
    public Task NormalizerFittedBeforeSplit()
    {
        return Verify.VerifyAnalyzerAsync("""
            using Microsoft.ML;
            public static class P
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var prep = ml.Transforms.Concatenate("Features", "A", "B").Append(ml.Transforms.NormalizeMeanVariance("Features"));
                    var prepared = {|PMC002:prep.Fit(data)|}.Transform(data);
                    var split = ml.Data.TrainTestSplit(prepared, 0.2);
                }
            }
            """);
    }

    [Fact]
    public Task RowWiseNormalizationAndSplittingFirstAreFine()
    {
        return Verify.VerifyAnalyzerAsync("""
            using Microsoft.ML;
            public static class P
            {
                public static void RowWise(MLContext ml, IDataView data)
                {
                    var prepared = ml.Transforms.NormalizeLpNorm("Features").Fit(data).Transform(data);
                    var split = ml.Data.TrainTestSplit(prepared, 0.2);
                }

                public static void SplitFirst(MLContext ml, IDataView data)
                {
                    var split = ml.Data.TrainTestSplit(data, 0.2);
                    var scaler = ml.Transforms.NormalizeMinMax("Features").Fit(split.TrainSet);
                    var train = scaler.Transform(split.TrainSet);
                    var test = scaler.Transform(split.TestSet);
                }
            }
            """);
    }

    [Fact]
    public Task FittingOnTheTestSplit()
    {
        return Verify.VerifyAnalyzerAsync("""
            using Microsoft.ML;
            public static class P
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var split = ml.Data.TrainTestSplit(data, 0.2);
                    var test = split.TestSet;
                    var model = ml.Regression.Trainers.Sdca().Fit({|PMC002:test|});
                }
            }
            """);
    }

    [Fact]
    public Task TorchStatisticsBeforeSplit()
    {
        return Verify.VerifyAnalyzerAsync("""
            using TorchSharp;
            using static TorchSharp.torch;
            public static class P
            {
                public static Tensor[] Run(Tensor features)
                {
                    var mean = {|PMC002:features.mean(new long[] { 0 })|};
                    var std = features.std(0);
                    var scaled = (features - mean) / std;
                    return scaled.split(new long[] { 800, 200 });
                }
            }
            """);
    }

    [Fact]
    public Task TorchStatisticsBeforeSlicingWithTensorIndex()
    {
        return Verify.VerifyAnalyzerAsync("""
            using TorchSharp;
            using static TorchSharp.torch;
            public static class P
            {
                public static (Tensor, Tensor) Run(Tensor data, long n)
                {
                    var scaled = (data - {|PMC002:data.mean(new long[] { 0 })|}) / data.std(0);
                    return (scaled[TensorIndex.Slice(0, n)], scaled[TensorIndex.Slice(n)]);
                }

                public static (Tensor, Tensor) SplitFirst(Tensor data, long n)
                {
                    var train = data[TensorIndex.Slice(0, n)];
                    var test = data[TensorIndex.Slice(n)];
                    var mean = train.mean(new long[] { 0 });
                    return (train - mean, test - mean);
                }
            }
            """);
    }

    [Fact]
    public Task TorchMaxAbsAlongADimensionBeforeSplit()
    {
        return Verify.VerifyAnalyzerAsync("""
            using TorchSharp;
            using static TorchSharp.torch;
            public static class P
            {
                public static (Tensor, Tensor) Run(Tensor features)
                {
                    var (maxAbs, _) = {|PMC002:features.abs().max(0, keepdim: true)|};
                    var scaled = features / maxAbs;
                    return (scaled.narrow(0, 0, 800), scaled.narrow(0, 800, 200));
                }

                public static (Tensor, Tensor) SplitFirst(Tensor features)
                {
                    var train = features.narrow(0, 0, 800);
                    var (maxAbs, _) = train.abs().max(0, keepdim: true);
                    return (train / maxAbs, features.narrow(0, 800, 200) / maxAbs);
                }
            }
            """);
    }

    [Fact]
    public Task ScalerFittedOnTheDataThatIsSplitFirstIsReported()
    {
        return Verify.VerifyAnalyzerAsync("""
            using Microsoft.ML;
            public static class P
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
                    var scaler = {|PMC002:ml.Transforms.NormalizeMeanVariance("Features").Fit(data)|};
                    var train = scaler.Transform(split.TrainSet);
                    var test = scaler.Transform(split.TestSet);
                }
            }
            """);
    }

    [Fact]
    public Task FinalModelRefittedOnAllDataAfterEvaluationIsFine()
    {
        return Verify.VerifyAnalyzerAsync("""
            using Microsoft.ML;
            public static class P
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var pipeline = ml.Transforms.NormalizeMeanVariance("Features").Append(ml.Regression.Trainers.Sdca());
                    var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
                    var evaluated = pipeline.Fit(split.TrainSet);
                    var metrics = ml.Regression.Evaluate(evaluated.Transform(split.TestSet));
                    var final = pipeline.Fit(data);
                }
            }
            """);
    }
}
