using Microsoft.Extensions.AI;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Feedback;

internal static class FeedbackSummaryWriter
{
    public static Task WriteAsync(FeedbackReport report, IChatClient chat, IJobObserver observer, CancellationToken ct) => Task.CompletedTask;
}
