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
}
