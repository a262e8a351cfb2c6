using Verify = PmCopilot.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PmCopilot.Analyzers.Rules.PMC001ScalingSensitiveTrainerAnalyzer>;
using VerifyFix = PmCopilot.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<PmCopilot.Analyzers.Rules.PMC001ScalingSensitiveTrainerAnalyzer, PmCopilot.Analyzers.Rules.PMC001ScalingSensitiveTrainerFixer>;

namespace PmCopilot.Analyzers.Tests.Rules;

public class PMC001Tests
{
    [Fact]
    public Task TrainerFittedOnDataScaledByAnEarlierModelIsFine()
    {
        return Verify.VerifyAnalyzerAsync("""
            using Microsoft.ML;
            public static class P
            {
                public static void Run(MLContext ml, IDataView raw)
                {
                    var scaler = ml.Transforms.NormalizeMinMax("Features");
                    var scalerModel = scaler.Fit(raw);
                    var scaled = scalerModel.Transform(raw);
                    var split = ml.Data.TrainTestSplit(scaled, testFraction: 0.2);
                    var trainer = ml.BinaryClassification.Trainers.AveragedPerceptron();
                    var model = trainer.Fit(split.TrainSet);
                }
            }
            """);
    }

    [Fact]
    public Task TreeAndNaiveBayesStyleTrainersAreNotFlagged()
    {
        return Verify.VerifyAnalyzerAsync("""
            using Microsoft.ML;
            public static class P
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var a = ml.Transforms.Concatenate("Features", "A", "B").Append(ml.MulticlassClassification.Trainers.NaiveBayes());
                    var b = ml.Transforms.Concatenate("Features", "A", "B").Append(ml.BinaryClassification.Trainers.Prior());
                    a.Fit(data);
                    b.Fit(data);
                }
            }
            """);
    }

    [Fact]
    public Task NormalizerOnAnInputColumnOfTheConcatenationCountsOnlyForThatColumn()
    {
        return Verify.VerifyAnalyzerAsync("""
            using Microsoft.ML;
            public static class P
            {
                public static void Both(MLContext ml, IDataView data)
                {
                    var pipeline = ml.Transforms.NormalizeMinMax("A")
                        .Append(ml.Transforms.NormalizeMeanVariance("B"))
                        .Append(ml.Transforms.Concatenate("Features", "A", "B"))
                        .Append(ml.Regression.Trainers.Sdca());
                    pipeline.Fit(data);
                }

                public static void OneMissing(MLContext ml, IDataView data)
                {
                    var pipeline = ml.Transforms.NormalizeMinMax("A")
                        .Append(ml.Transforms.Concatenate("Features", "A", "B"))
                        .Append({|PMC001:ml.Regression.Trainers.Sdca()|});
                    pipeline.Fit(data);
                }
            }
            """);
    }

    [Fact]
    public Task NormalizingADifferentColumnDoesNotCount()
    {
        return Verify.VerifyAnalyzerAsync("""
            using Microsoft.ML;
            public static class P
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var pipeline = ml.Transforms.Concatenate("Raw", "A", "B")
                        .Append(ml.Transforms.NormalizeMinMax("Other"))
                        .Append({|PMC001:ml.BinaryClassification.Trainers.LinearSvm(featureColumnName: "Raw")|});
                    pipeline.Fit(data);
                }
            }
            """);
    }

    [Fact]
    public Task PipelineFromAParameterIsNotJudged()
    {
        return Verify.VerifyAnalyzerAsync("""
            using Microsoft.ML;
            public static class P
            {
                public static IEstimator<ITransformer> Add(MLContext ml, IEstimator<ITransformer> features)
                {
                    return features.Append(ml.BinaryClassification.Trainers.SgdCalibrated());
                }
            }
            """);
    }

    [Fact]
    public Task PrincipalComponentsNeedScaledInputs()
    {
        return Verify.VerifyAnalyzerAsync("""
            using Microsoft.ML;
            public static class P
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var pipeline = ml.Transforms.Concatenate("Features", "A", "B")
                        .Append({|PMC001:ml.Transforms.ProjectToPrincipalComponents("Pca", "Features", rank: 2)|});
                    pipeline.Fit(data);
                }
            }
            """);
    }

    [Fact]
    public Task FixInsertsNormalizeMinMaxBeforeTheTrainer()
    {
        return VerifyFix.VerifyCodeFixAsync("""
            using Microsoft.ML;
            public static class P
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var pipeline = ml.Transforms.Concatenate("Features", "A", "B")
                        .Append({|PMC001:ml.BinaryClassification.Trainers.SdcaLogisticRegression()|});
                    pipeline.Fit(data);
                }
            }
            """, """
            using Microsoft.ML;
            public static class P
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var pipeline = ml.Transforms.Concatenate("Features", "A", "B")
                        .Append(ml.Transforms.NormalizeMinMax("Features")).Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());
                    pipeline.Fit(data);
                }
            }
            """);
    }

    [Fact]
    public Task TrainerFittedOnAFoldOfScaledDataIsFine()
    {
        return Verify.VerifyAnalyzerAsync("""
            using Microsoft.ML;
            public static class P
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var scaled = ml.Transforms.NormalizeMinMax("Features").Fit(data).Transform(data);
                    var folds = ml.Data.CrossValidationSplit(scaled, numberOfFolds: 5);
                    foreach (var fold in folds)
                    {
                        var model = ml.Regression.Trainers.Sdca().Fit(fold.TrainSet);
                    }

                    var first = ml.Regression.Trainers.Sdca().Fit(folds[0].TrainSet);
                }
            }
            """);
    }

    [Fact]
    public Task ColumnListInAnArrayInitializerFieldIsFollowed()
    {
        return Verify.VerifyAnalyzerAsync("""
            using Microsoft.ML;
            public sealed class FareModel
            {
                private static readonly string[] TripColumns = { "Distance", "DurationSeconds", "Passengers" };
                private static readonly string[] ZoneColumns = ["PickupZone", "DropoffZone"];
                private readonly MLContext _ml;

                public FareModel(MLContext ml) => _ml = ml;

                private IEstimator<ITransformer> TripInputs()
                {
                    var label = _ml.Transforms.CopyColumns("Label", "Fare");
                    return label.Append(_ml.Transforms.Concatenate("Features", TripColumns));
                }

                public IEstimator<ITransformer> Trips()
                {
                    var inputs = TripInputs();
                    var trainer = {|PMC001:_ml.Regression.Trainers.OnlineGradientDescent()|};
                    return inputs.Append(trainer);
                }

                public IEstimator<ITransformer> Zones()
                {
                    var inputs = _ml.Transforms.Concatenate("Features", ZoneColumns);
                    return inputs.Append({|PMC001:_ml.Regression.Trainers.Sdca()|});
                }
            }
            """);
    }

    [Fact]
    public Task ColumnListInAnArrayInitializerFieldWithANormalizerIsFine()
    {
        return Verify.VerifyAnalyzerAsync("""
            using Microsoft.ML;
            public sealed class FareModel
            {
                private static readonly string[] TripColumns = { "Distance", "DurationSeconds", "Passengers" };
                private readonly MLContext _ml;

                public FareModel(MLContext ml) => _ml = ml;

                private IEstimator<ITransformer> Inputs()
                {
                    var joined = _ml.Transforms.Concatenate("Features", TripColumns);
                    return joined.Append(_ml.Transforms.NormalizeMeanVariance("Features"));
                }

                public IEstimator<ITransformer> Build()
                {
                    var inputs = Inputs();
                    var trainer = _ml.Regression.Trainers.OnlineGradientDescent();
                    return inputs.Append(trainer);
                }
            }
            """);
    }
}
