using Microsoft.Extensions.AI;

namespace PmCopilot.Llama.Tests;

public sealed class ChatClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Streams_one_update_per_token_and_reports_usage_and_length()
    {
        await using var runtime = await TestModel.LoadAsync();
        var (text, updates) = await TestModel.CollectAsync(runtime.Chat.GetStreamingResponseAsync(TestModel.Ask("Hello, how are you?"), TestModel.Greedy(20), Ct));

        var final = updates[^1];
        var usage = final.Contents.OfType<UsageContent>().Single().Details;
        Assert.Equal(ChatFinishReason.Length, final.FinishReason);
        Assert.Equal(20, usage.OutputTokenCount);
        Assert.True(usage.InputTokenCount > 5);
        Assert.Equal(usage.InputTokenCount + usage.OutputTokenCount, usage.TotalTokenCount);
        var textUpdates = updates.Count(u => !string.IsNullOrEmpty(u.Text));
        Assert.InRange(textUpdates, 2, 20);
        Assert.False(string.IsNullOrEmpty(text));
    }
}
