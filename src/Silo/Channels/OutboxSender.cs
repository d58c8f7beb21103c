using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateDomain.Contracts;
using PrivateDomain.Storage;

namespace PrivateDomain.Silo.Channels;

/// <summary>
/// Moves pending outbox messages to their channel adapters and records the outcome: while it holds the cluster's
/// sender lease, one <see cref="OutboxLane"/> per channel, plus a sweep that fails messages no adapter serves.
/// </summary>
public sealed class OutboxSender(
    IOutbox outbox, ILeaderLease leases, IEnumerable<IChannelAdapter> adapters, IOptions<OutboxOptions> options, TimeProvider time,
    ILogger<OutboxSender> logger, IGrainFactory grains)
    : BackgroundService
{
    public const string LeaseName = "outbox-sender";

    private readonly Dictionary<string, IChannelAdapter> _adapters = adapters.ToDictionary(a => a.Channel, StringComparer.Ordinal);

    /// <summary>Replies' final states go to their persona's consoles.</summary>
    private readonly IReadOnlyList<IDeliveryObserver> _observers = [new PersonaDeliveryObserver(grains)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Exactly one sender in the cluster, or two silos would send each pending message twice.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var lease = await leases.AcquireAsync(LeaseName, stoppingToken);
                using var leading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lease.Lost);
                await LeadAsync(leading.Token);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Outbox sender leadership ended; competing again");
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private Task LeadAsync(CancellationToken stoppingToken)
    {
        var lanes = _adapters.Values.Select(a => new OutboxLane(outbox, a, options.Value, time, logger, _observers).RunAsync(stoppingToken));
        return Task.WhenAll(lanes.Append(SweepUnservedAsync(stoppingToken)));
    }

    /// <summary>Fails the pending messages of channels without an adapter, now and at every poll interval.</summary>
    private async Task SweepUnservedAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var channel in (await outbox.PendingChannelsAsync(stoppingToken)).Where(c => !_adapters.ContainsKey(c)))
                foreach (var message in await outbox.ReadDueAsync(channel, DateTimeOffset.MaxValue, options.Value.BatchSize, stoppingToken))
                {
                    logger.LogError("No adapter for channel {Channel}; message {DeliveryId} failed", channel, message.DeliveryId);
                    var (at, error) = (time.GetUtcNow(), $"no adapter for channel '{channel}'");
                    await OutboxObservers.TellAsync(_observers, message, OutboxStatus.Failed, error, at, logger);
                    await outbox.CompleteAsync(message.TenantId, message.DeliveryId, OutboxStatus.Failed, message.Attempts, at, error, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Outbox sweep of unserved channels failed; retrying");
            }
            await Task.Delay(options.Value.PollInterval, time, stoppingToken);
        }
    }
}
