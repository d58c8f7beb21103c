using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts;
using PrivateDomain.Storage;

namespace PrivateDomain.Silo.Channels;

/// <summary>Moves pending outbox messages to their channel adapters and records the outcome.</summary>
public sealed class OutboxSender(
    IOutbox outbox, ILeaderLease leases, IEnumerable<IChannelAdapter> adapters, TimeProvider time, ILogger<OutboxSender> logger)
    : BackgroundService
{
    public const string LeaseName = "outbox-sender";

    private readonly Dictionary<string, IChannelAdapter> _adapters = adapters.ToDictionary(a => a.Channel, StringComparer.Ordinal);

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
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task LeadAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var pending = await outbox.ReadPendingAsync(200, stoppingToken);
                if (pending.Count == 0)
                {
                    await outbox.WaitForPendingAsync(stoppingToken);
                    continue;
                }
                foreach (var message in pending) await SendAsync(message, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Outbox sending failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        if (!_adapters.TryGetValue(message.Channel, out var adapter))
        {
            logger.LogError("No adapter for channel {Channel}; message {DeliveryId} failed", message.Channel, message.DeliveryId);
            await outbox.MarkAsync(message.TenantId, message.DeliveryId, OutboxStatus.Failed, time.GetUtcNow(), ct);
            return;
        }
        var result = await adapter.SendAsync(message, ct);
        await outbox.MarkAsync(message.TenantId, message.DeliveryId, result.Sent ? OutboxStatus.Sent : OutboxStatus.Failed, time.GetUtcNow(), ct);
    }
}
