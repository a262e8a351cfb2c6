namespace PmCopilot.Core.Jobs;

/// <summary>Where a job reports how far it is. Stage is a short machine-readable word ("load", "chunk", "classify", "download").</summary>
public sealed record JobProgress(string Stage, long? Done = null, long? Total = null, string? Message = null);

/// <summary>
/// What every job reports while it runs: progress for bars and <c>$/progress</c>, and text as it is generated so
/// front ends can stream it. Implementations must be thread-safe; jobs may report from worker threads.
/// </summary>
public interface IJobObserver
{
    void OnProgress(JobProgress progress);

    void OnText(string delta);
}

public sealed class NullJobObserver : IJobObserver
{
    public static readonly NullJobObserver Instance = new();

    private NullJobObserver()
    {
    }

    public void OnProgress(JobProgress progress)
    {
    }

    public void OnText(string delta)
    {
    }
}
