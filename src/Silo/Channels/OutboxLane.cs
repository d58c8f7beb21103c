using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts;
using PrivateDomain.Grains.Telemetry;
using PrivateDomain.Silo.Channels.Throttling;
using PrivateDomain.Storage;

namespace PrivateDomain.Silo.Channels;

/// <summary>
/// One channel's sending: reads its due messages, sends up to the channel's concurrency at once, and records each
/// outcome (sent, retry later, failed). Each channel has its own lane, so a slow webhook endpoint never holds up WeCom.
/// </summary>
/// <remarks>
/// Each final outcome is told to the <see cref="IDeliveryObserver"/>s (if any) before it is recorded. The lane's
/// <see cref="Throttle"/> paces it to the channel's rate and puts back, with no attempt counted, the message of a
/// persona account that has no token, so one persona's burst never holds up another's (docs/outbox.md).
/// </remarks>
public sealed class OutboxLane(IOutbox outbox, IChannelAdapter adapter, OutboxOptions options, TimeProvider time, ILogger logger,
    IReadOnlyList<IDeliveryObserver>? observers = null)
{
    private const int MaxErrorLength = 1_000;

    private readonly OutboxChannelOptions _channel = options.For(adapter.Channel);

    /// <summary>The channel's and its persona accounts' send rates.</summary>
    public SendThrottle Throttle { get; } = new(options.For(adapter.Channel), time);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        if (_channel.RatePerSecond is not null)
            EngineTelemetry.ObserveOutboxRate(adapter.Channel, () => Throttle.ChannelRate);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await outbox.WaitForDueAsync(adapter.Channel, time, options.PollInterval, stoppingToken);
                var due = await outbox.ReadDueAsync(adapter.Channel, time.GetUtcNow(), options.BatchSize, stoppingToken);
                var admitted = await AdmitAsync(due, stoppingToken);
                await Parallel.ForEachAsync(admitted, new ParallelOptions { MaxDegreeOfParallelism = _channel.Concurrency, CancellationToken = stoppingToken },
                    async (message, ct) =>
                    {
                        await Throttle.WaitChannelAsync(ct);
                        await SendAsync(message, ct);
                    });
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Outbox lane {Channel} failed; retrying", adapter.Channel);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>
    /// The messages whose persona account has a token (one taken for each); the others are put back, each until the
    /// token promised to it, in one write, so a persona's backlog costs one write per message however long it waits
    /// and never holds up other personas' messages.
    /// </summary>
    public async Task<IReadOnlyList<OutboxMessage>> AdmitAsync(IReadOnlyList<OutboxMessage> due, CancellationToken ct)
    {
        var admitted = new List<OutboxMessage>(due.Count);
        List<OutboxDeferral>? deferred = null;
        foreach (var message in due)
        {
            if (Throttle.TryAcquirePersona(message.TenantId, message.PersonaId) is { } until)
                (deferred ??= []).Add(new OutboxDeferral(message.TenantId, message.DeliveryId, until));
            else
                admitted.Add(message);
        }
        if (deferred is not null)
        {
            logger.LogDebug("{Channel}: {Count} deliveries put back until their persona accounts' next tokens", adapter.Channel, deferred.Count);
            await outbox.DeferAsync(deferred, ct);
            EngineTelemetry.OutboxThrottled.Add(deferred.Count, new KeyValuePair<string, object?>("channel", adapter.Channel));
        }
        return admitted;
    }

    /// <summary>One attempt at one message, and its outcome recorded.</summary>
    public async Task<OutboxAttemptOutcome> SendAsync(OutboxMessage message, CancellationToken ct)
    {
        ChannelSendResult result;
        try
        {
            result = await adapter.SendAsync(message, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Channel {Channel} threw sending {DeliveryId}", adapter.Channel, message.DeliveryId);
            result = ChannelSendResult.Transient($"the adapter failed: {ex.Message}");
        }
        Throttle.Report(message.TenantId, message.PersonaId, result);
        var outcome = OutboxRetryPolicy.After(message, result, time.GetUtcNow(), _channel);
        EngineTelemetry.OutboxSends.Add(1, new TagList { { "channel", adapter.Channel }, { "outcome", outcome.Status == OutboxStatus.Pending ? "retry" : outcome.Status } });
        var error = outcome.Error is { Length: > MaxErrorLength } e ? e[..MaxErrorLength] : outcome.Error;
        // Not the sender's token: an outcome that happened is recorded even while leadership ends.
        if (outcome.Status == OutboxStatus.Pending)
        {
            logger.LogInformation("{Channel} delivery {DeliveryId} attempt {Attempts} failed ({Error}); next at {NextAttemptAt}",
                adapter.Channel, message.DeliveryId, outcome.Attempts, error, outcome.NextAttemptAt);
            await outbox.ScheduleRetryAsync(message.TenantId, message.DeliveryId, outcome.Attempts, outcome.NextAttemptAt!.Value, error!, CancellationToken.None);
        }
        else
        {
            if (outcome.Status == OutboxStatus.Failed)
            {
                logger.LogWarning("{Channel} delivery {DeliveryId} of tenant {TenantId} failed after {Attempts} attempt(s): {Error}",
                    adapter.Channel, message.DeliveryId, message.TenantId, outcome.Attempts, error);
                await TellFailedAsync(message, outcome.Attempts, error ?? "failed");
            }
            var at = time.GetUtcNow();
            await OutboxObservers.TellAsync(observers, message, outcome.Status, error, at, logger);
            await outbox.CompleteAsync(message.TenantId, message.DeliveryId, outcome.Status, outcome.Attempts, at, error, CancellationToken.None);
        }
        return outcome with { Error = error };
    }

    /// <summary>
    /// Before the row is completed, so a crash in between tells the listener again (it drops repeats). Its failure
    /// leaves the failure on the row and in the log only: the row is completed anyway, as retrying would post again.
    /// </summary>
    private async Task TellFailedAsync(OutboxMessage message, int attempts, string error)
    {
        if (adapter is not IDeliveryFailureListener listener) return;
        try
        {
            await listener.DeliveryFailedAsync(message, attempts, error, time.GetUtcNow(), CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Channel {Channel} could not be told that delivery {DeliveryId} of tenant {TenantId} failed",
                adapter.Channel, message.DeliveryId, message.TenantId);
        }
    }
}
