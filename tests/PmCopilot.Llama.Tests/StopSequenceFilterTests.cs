using PmCopilot.Llama.Chat;

namespace PmCopilot.Llama.Tests;

public sealed class StopSequenceFilterTests
{
    private static (string Emitted, bool Stopped) Run(IEnumerable<string> pieces, params string[] stops)
    {
        var filter = new StopSequenceFilter(stops);
        var emitted = new List<string>();
        foreach (var piece in pieces)
        {
            emitted.Add(filter.Push(piece));
            if (filter.Stopped)
                break;
        }

        emitted.Add(filter.Flush());
        return (string.Concat(emitted), filter.Stopped);
    }

    [Theory]
    [InlineData(new[] { "Hello ", "wor", "ld\nUser", ": more" }, "\nUser:", "Hello world")]
    [InlineData(new[] { "a", "b", "<", "|", "im", "_end", "|>", "tail" }, "<|im_end|>", "ab")]
    [InlineData(new[] { "<|im_end|>" }, "<|im_end|>", "")]
    [InlineData(new[] { "x<", "y" }, "<|im_end|>", "x<y")]
    [InlineData(new[] { "abcab", "cabd" }, "abcabd", "abc")]
    public void Stop_text_is_cut_wherever_the_pieces_split_it(string[] pieces, string stop, string expected)
    {
        var (emitted, stopped) = Run(pieces, stop);
        Assert.Equal(expected, emitted);
        Assert.Equal(expected.Length < string.Concat(pieces).Length, stopped);
    }

    [Fact]
    public void Earliest_of_several_stop_sequences_wins()
    {
        var (emitted, stopped) = Run(["one STOP2 two STOP1"], "STOP1", "STOP2");
        Assert.Equal("one ", emitted);
        Assert.True(stopped);
    }

    [Fact]
    public void Only_a_possible_stop_prefix_is_held_back()
    {
        var filter = new StopSequenceFilter(["END"]);
        Assert.Equal("abc", filter.Push("abcE"));
        Assert.Equal("Ex", filter.Push("x"));
        Assert.Equal("", filter.Push("EN"));
        Assert.Equal("EN", filter.Flush());
    }

    [Fact]
    public void Random_splits_never_leak_stop_text()
    {
        var random = new Random(3);
        for (var round = 0; round < 300; round++)
        {
            var text = new string(Enumerable.Range(0, 40).Select(_ => "ab<|>\n "[random.Next(7)]).ToArray());
            var stop = "<|>";
            var pieces = new List<string>();
            for (var i = 0; i < text.Length;)
            {
                var n = Math.Min(random.Next(1, 5), text.Length - i);
                pieces.Add(text.Substring(i, n));
                i += n;
            }

            var (emitted, _) = Run(pieces, stop);
            var cut = text.IndexOf(stop, StringComparison.Ordinal);
            Assert.Equal(cut < 0 ? text : text[..cut], emitted);
        }
    }

    [Fact]
    public void Without_stop_sequences_text_passes_straight_through()
    {
        var filter = new StopSequenceFilter(null);
        Assert.Equal("<|im_end|>", filter.Push("<|im_end|>"));
        Assert.Equal("", filter.Flush());
    }
}
