using Microsoft.SemanticKernel;
using PmCopilot.Core.Faq;

namespace PmCopilot.Core.Tests.Faq;

public class FaqPluginTests
{
    [Fact]
    public async Task Kernel_can_call_the_faq_function()
    {
        var kernel = Kernel.CreateBuilder().Build();
        kernel.ImportPluginFromObject(new FaqPlugin(), "faq");
        var function = kernel.Plugins.GetFunction("faq", "answer_faq");
        Assert.False(string.IsNullOrWhiteSpace(function.Description));

        var result = await kernel.InvokeAsync(function, new KernelArguments { ["question"] = "如何防止过拟合？" }, TestContext.Current.CancellationToken);
        var text = result.GetValue<string>()!;
        Assert.Contains("[faq.overfitting]", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zh", PmCopilot.Core.Jobs.AnswerLanguage.Zh)]
    [InlineData("English", PmCopilot.Core.Jobs.AnswerLanguage.En)]
    [InlineData("whatever", PmCopilot.Core.Jobs.AnswerLanguage.Auto)]
    public void Parses_language_argument(string value, PmCopilot.Core.Jobs.AnswerLanguage expected) =>
        Assert.Equal(expected, FaqPlugin.ParseLanguage(value));
}
