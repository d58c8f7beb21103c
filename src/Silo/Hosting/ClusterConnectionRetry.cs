using Microsoft.Extensions.Logging;

namespace PrivateDomain.Silo.Hosting;

/// <summary>
/// Keeps a client trying to reach the cluster at start for as long as the host runs (Orleans' default gives up after
/// 15 tries): gateways may start before any silo, or while every silo restarts. Once connected, Orleans itself moves
/// to another silo's gateway when one is lost and rereads the gateway list when none is left.
/// </summary>
internal sealed partial class ClusterConnectionRetry(ILogger<ClusterConnectionRetry> logger) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);
    private int _attempts;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return false;
        var attempt = Interlocked.Increment(ref _attempts);
        var delay = TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, Step.Ticks * attempt));
        LogRetry(attempt, exception.GetType().Name, exception.Message, delay.TotalSeconds);
        await Task.Delay(delay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return !cancellationToken.IsCancellationRequested;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster not reachable yet (attempt {Attempt}, {Error}: {Reason}); retrying in {DelaySeconds} s")]
    private partial void LogRetry(int attempt, string error, string reason, double delaySeconds);
}
