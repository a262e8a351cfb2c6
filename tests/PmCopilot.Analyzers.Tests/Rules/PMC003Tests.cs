using Verify = PmCopilot.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PmCopilot.Analyzers.Rules.PMC003EvaluatedOnTrainingDataAnalyzer>;

namespace PmCopilot.Analyzers.Tests.Rules;

public class PMC003Tests
{
    [Fact]
    public Task EvaluateOnTheFittedData()
    {
        return Verify.VerifyAnalyzerAsync("""
            using Microsoft.ML;
            public static class P
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var model = ml.Transforms.Concatenate("Features", "A").Append(ml.Regression.Trainers.Sdca()).Fit(data);
                    var scored = model.Transform(data);
                    var metrics = {|PMC003:ml.Regression.Evaluate(scored)|};
                }
            }
            """);
    }

    [Fact]
    public Task EvaluateOnTheTrainSplitOnly()
    {
        return Verify.VerifyAnalyzerAsync("""
            using Microsoft.ML;
            public static class P
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var split = ml.Data.TrainTestSplit(data);
                    var model = ml.Regression.Trainers.Sdca().Fit(split.TrainSet);
                    var metrics = {|PMC003:ml.Regression.Evaluate(model.Transform(split.TrainSet))|};
                }
            }
            """);
    }

    [Fact]
    public Task HeldOutEvaluationAlongsideIsFine()
    {
        return Verify.VerifyAnalyzerAsync("""
            using Microsoft.ML;
            public static class P
            {
                public static void Run(MLContext ml, IDataView train, IDataView test)
                {
                    var model = ml.Regression.Trainers.Sdca().Fit(train);
                    var onTrain = ml.Regression.Evaluate(model.Transform(train));
                    var onTest = ml.Regression.Evaluate(model.Transform(test));
                }
            }
            """);
    }

    [Fact]
    public Task TorchModelScoredOnItsTrainingTensor()
    {
        return Verify.VerifyAnalyzerAsync("""
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class P
            {
                public static void Run(Tensor x, Tensor y)
                {
                    var model = Linear(4, 2);
                    var optimizer = torch.optim.SGD(model.parameters(), 0.1);
                    for (var i = 0; i < 10; i++)
                    {
                        optimizer.zero_grad();
                        functional.cross_entropy(model.call(x), y).backward();
                        optimizer.step();
                    }

                    model.eval();
                    using var _ = torch.no_grad();
                    var accuracy = {|PMC003:model.call(x)|}.argmax(1).eq(y).sum();
                }
            }
            """);
    }

    [Fact]
    public Task DifferentFixedSlicesOfOneTensorAreDifferentData()
    {
        return Verify.VerifyAnalyzerAsync("""
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            public static class P
            {
                public static float Run(Tensor scaled, Tensor target, int rows)
                {
                    var n = rows * 4 / 5;
                    var trainX = scaled.narrow(0, 0, n);
                    var testX = scaled.narrow(0, n, rows - n);
                    var trainY = target.narrow(0, 0, n);
                    var testY = target.narrow(0, n, rows - n);
                    var model = Sequential(Linear(3, 1));
                    var optimizer = torch.optim.SGD(model.parameters(), 0.01);
                    var criterion = MSELoss();
                    for (var epoch = 0; epoch < 10; epoch++)
                    {
                        optimizer.zero_grad();
                        criterion.call(model.call(trainX), trainY).backward();
                        optimizer.step();
                    }

                    model.eval();
                    using (torch.no_grad())
                    {
                        return criterion.call(model.call(testX), testY).item<float>();
                    }
                }
            }
            """);
    }

    [Fact]
    public Task ModelTrainedByAHelperOnTheEvaluatedDataIsReported()
    {
        return Verify.VerifyAnalyzerAsync("""
            using Microsoft.ML;
            public static class P
            {
                private static ITransformer TrainModel(MLContext ml, IDataView data)
                {
                    var pipeline = ml.Transforms.Concatenate("Features", "A", "B").Append(ml.Regression.Trainers.Sdca());
                    return pipeline.Fit(data);
                }

                public static void Run(MLContext ml, IDataView data, IDataView other)
                {
                    var model = TrainModel(ml, data);
                    var metrics = {|PMC003:ml.Regression.Evaluate(model.Transform(data))|};
                }
            }
            """);
    }

    [Fact]
    public Task ModelTrainedByAHelperOnTheTrainSplitIsFine()
    {
        return Verify.VerifyAnalyzerAsync("""
            using Microsoft.ML;
            public static class P
            {
                private static ITransformer TrainModel(MLContext ml, IDataView data)
                {
                    var pipeline = ml.Transforms.Concatenate("Features", "A", "B").Append(ml.Regression.Trainers.Sdca());
                    return pipeline.Fit(data);
                }

                public static void Run(MLContext ml, IDataView data)
                {
                    var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
                    var model = TrainModel(ml, split.TrainSet);
                    var metrics = ml.Regression.Evaluate(model.Transform(split.TestSet));
                }
            }
            """);
    }
}
