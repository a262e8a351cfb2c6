using PmCopilot.Analyzers.Rules;
using Verify = PmCopilot.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<PmCopilot.Analyzers.Rules.PMC007UncontrolledRandomnessAnalyzer>;

namespace PmCopilot.Analyzers.Tests.Rules;

public class SmokeTests
{
    [Fact]
    public Task MlContextWithoutSeed()
    {
        return Verify.VerifyAnalyzerAsync("""
            using Microsoft.ML;
            var ml = {|PMC007:new MLContext()|};
            var seeded = new MLContext(seed: 1);
            """);
    }
}
