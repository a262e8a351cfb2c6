using LLama.Native;

namespace PmCopilot.Llama.Natives;

/// <summary>
/// Receives llama.cpp's log (instead of letting it write to stderr) and keeps the recent warnings and errors, so a
/// failed load can say what llama.cpp said (e.g. "unknown model architecture").
/// </summary>
public static class NativeLog
{
    private const int Capacity = 64;
    private const int TranscriptCapacity = 512;
    private static readonly Queue<string> Recent = new();
    private static readonly Queue<string> Transcript = new();
    private static readonly System.Text.StringBuilder Line = new();
    private static LLamaLogLevel _lineLevel = LLamaLogLevel.Info;

    /// <summary>Optional sink for every complete log line (e.g. a --verbose flag).</summary>
    public static Action<LLamaLogLevel, string>? Sink { get; set; }

    internal static void Callback(LLamaLogLevel level, string message)
    {
        lock (Recent)
        {
            if (level != LLamaLogLevel.Continue)
            {
                Flush();
                _lineLevel = level;
            }

            Line.Append(message);
            if (message.EndsWith('\n'))
                Flush();
        }
    }

    /// <summary>Warnings and errors since <paramref name="mark"/> (a value of <see cref="Mark"/>).</summary>
    public static IReadOnlyList<string> ErrorsSince(long mark)
    {
        lock (Recent)
        {
            Flush();
            var skip = Math.Max(0, Recent.Count - (int)Math.Min(Capacity, _count - mark));
            return Recent.Skip(skip).ToList();
        }
    }

    /// <summary>The most recent log lines of every level (at most 512).</summary>
    public static IReadOnlyList<string> RecentLines()
    {
        lock (Recent)
        {
            Flush();
            return [.. Transcript];
        }
    }

    /// <summary>A position in the log to read errors from later.</summary>
    public static long Mark()
    {
        lock (Recent)
        {
            Flush();
            return _count;
        }
    }

    private static long _count;

    private static void Flush()
    {
        if (Line.Length == 0)
            return;
        var text = Line.ToString().TrimEnd();
        Line.Clear();
        if (text.Length == 0)
            return;
        Sink?.Invoke(_lineLevel, text);
        Transcript.Enqueue(text);
        if (Transcript.Count > TranscriptCapacity)
            Transcript.Dequeue();
        if (_lineLevel is LLamaLogLevel.Warning or LLamaLogLevel.Error)
        {
            Recent.Enqueue(text);
            _count++;
            while (Recent.Count > Capacity)
                Recent.Dequeue();
        }
    }
}
