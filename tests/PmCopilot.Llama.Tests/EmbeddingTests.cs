namespace PmCopilot.Llama.Tests;

public sealed class EmbeddingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Batch_of_texts_gives_normalised_reproducible_vectors()
    {
        await using var runtime = await TestModel.LoadAsync(parallel: 1);
        var embeddings = runtime.Embeddings!;
        string[] texts = ["Onboarding drop-off", "用户反馈：搜索太慢", "Onboarding drop-off", "", new string('x', 3000)];

        var result = await embeddings.GenerateAsync(texts, cancellationToken: Ct);

        Assert.Equal(texts.Length, result.Count);
        foreach (var e in result)
        {
            Assert.Equal(8, e.Vector.Length); // n_embd of the tiny model
            var norm = Math.Sqrt(e.Vector.ToArray().Sum(v => (double)v * v));
            Assert.InRange(norm, 0.999, 1.001);
        }

        Assert.Equal(result[0].Vector.ToArray(), result[2].Vector.ToArray());
        Assert.NotEqual(result[0].Vector.ToArray(), result[1].Vector.ToArray());
        Assert.True(result.Usage?.InputTokenCount > 0);

        // The context is reused: a second call gives the same vector.
        var again = await embeddings.GenerateAsync(["Onboarding drop-off"], cancellationToken: Ct);
        Assert.Equal(result[0].Vector.ToArray(), again[0].Vector.ToArray());
    }

    [Fact]
    public async Task Embedding_while_chatting_works()
    {
        await using var runtime = await TestModel.LoadAsync(parallel: 2);
        var chat = runtime.Chat.GetResponseAsync(TestModel.Ask("chat while embedding"), TestModel.Greedy(30), Ct);
        var vectors = await runtime.Embeddings!.GenerateAsync(Enumerable.Range(0, 20).Select(i => $"text {i}"), cancellationToken: Ct);
        Assert.Equal(20, vectors.Count);
        Assert.Equal(30, (await chat).Usage?.OutputTokenCount);
    }
}
