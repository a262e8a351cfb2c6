using Verify = PmCopilot.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PmCopilot.Analyzers.Rules.PMC012ThresholdDependentValidationAnalyzer>;

namespace PmCopilot.Analyzers.Tests.Rules;

public class PMC012Tests
{
    [Fact]
    public Task AccuracyWithoutAuc()
    {
        return Verify.VerifyAnalyzerAsync("""
            using Microsoft.ML;
            public static class P
            {
                public static double OnlyAccuracy(MLContext ml, IDataView scored)
                {
                    var metrics = ml.BinaryClassification.Evaluate(scored);
                    return {|PMC012:metrics.Accuracy|};
                }

                public static double WithAuc(MLContext ml, IDataView scored)
                {
                    var metrics = ml.BinaryClassification.Evaluate(scored);
                    return metrics.Accuracy + metrics.AreaUnderPrecisionRecallCurve;
                }

                public static double Multiclass(MLContext ml, IDataView scored)
                {
                    return ml.MulticlassClassification.Evaluate(scored).MicroAccuracy;
                }
            }
            """);
    }

    [Fact]
    public Task LocalFunctionsAndLambdasBelongToTheMethod()
    {
        return Verify.VerifyAnalyzerAsync("""
            using System.Threading.Tasks;
            using Microsoft.ML;
            using Microsoft.ML.Data;
            public static class P
            {
                public static async Task<bool> EvaluatedOnAWorkerThread(MLContext ml, IDataView scored)
                {
                    var metrics = await Task.Run(() => ml.BinaryClassification.Evaluate(scored));
                    return {|PMC012:metrics.Accuracy|} > 0.9;
                }

                public static void ReportedByALocalFunction(MLContext ml, IDataView scored)
                {
                    void Report(CalibratedBinaryClassificationMetrics m) => System.Console.WriteLine({|PMC012:m.F1Score|});
                    Report(ml.BinaryClassification.Evaluate(scored));
                }

                public static void LocalFunctionReadsAuc(MLContext ml, IDataView scored)
                {
                    void Report(CalibratedBinaryClassificationMetrics m) => System.Console.WriteLine(m.AreaUnderRocCurve);
                    var metrics = ml.BinaryClassification.Evaluate(scored);
                    System.Console.WriteLine(metrics.Accuracy);
                    Report(metrics);
                }

                public static System.Func<CalibratedBinaryClassificationMetrics> HandedOutByALambda(MLContext ml, IDataView scored)
                {
                    var metrics = ml.BinaryClassification.Evaluate(scored);
                    System.Console.WriteLine(metrics.Accuracy);
                    return () => metrics;
                }

                public static void RunBySourceCode(MLContext ml, IDataView scored)
                {
                    var metrics = Logged(() => ml.BinaryClassification.Evaluate(scored));
                    System.Console.WriteLine(metrics.Accuracy);
                }

                private static CalibratedBinaryClassificationMetrics Logged(System.Func<CalibratedBinaryClassificationMetrics> evaluate)
                {
                    var metrics = evaluate();
                    System.Console.WriteLine(metrics.AreaUnderRocCurve);
                    return metrics;
                }
            }
            """);
    }
}
