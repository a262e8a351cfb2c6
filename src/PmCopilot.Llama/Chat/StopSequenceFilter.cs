using System.Text;

namespace PmCopilot.Llama.Chat;

/// <summary>
/// Streams text through while watching for stop sequences: text that could still become the start of a stop sequence
/// is held back until it is decided, so stop text is never emitted, not even in part.
/// </summary>
public sealed class StopSequenceFilter
{
    private readonly string[] _stops;
    private readonly StringBuilder _pending = new();

    public StopSequenceFilter(IEnumerable<string>? stopSequences) =>
        _stops = stopSequences?.Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal).ToArray() ?? [];

    /// <summary>True once a stop sequence has matched; nothing more is emitted.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Add generated text; returns the part that is safe to emit now.</summary>
    public string Push(string text)
    {
        if (Stopped)
            return string.Empty;
        if (_stops.Length == 0)
            return text;

        _pending.Append(text);
        var all = _pending.ToString();
        var first = -1;
        foreach (var stop in _stops)
        {
            var at = all.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (first < 0 || at < first))
                first = at;
        }

        if (first >= 0)
        {
            Stopped = true;
            _pending.Clear();
            return all[..first];
        }

        var hold = 0;
        foreach (var stop in _stops)
        {
            for (var k = Math.Min(stop.Length - 1, all.Length); k > hold; k--)
            {
                if (all.AsSpan(all.Length - k).SequenceEqual(stop.AsSpan(0, k)))
                {
                    hold = k;
                    break;
                }
            }
        }

        _pending.Clear();
        _pending.Append(all, all.Length - hold, hold);
        return all[..^hold];
    }

    /// <summary>At the end of generation: the held-back text, which turned out not to be a stop sequence.</summary>
    public string Flush()
    {
        if (Stopped)
            return string.Empty;
        var rest = _pending.ToString();
        _pending.Clear();
        return rest;
    }
}
