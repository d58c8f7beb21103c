using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateDomain.Contracts;
using PrivateDomain.Grains.Telemetry;
using PrivateDomain.Storage;

namespace PrivateDomain.Silo.Dispatch;

/// <summary>
/// Feeds committed log events to their grains in log order: one delivery per stream per batch, streams in
/// parallel, retried until the grain takes it. The checkpoint moves only past fully delivered batches, so
/// after any crash delivery resumes from there and grains skip positions they already applied.
/// </summary>
public sealed class EventDispatcher(
    IEventLog log,
    ILeaderLease leases,
    IGrainFactory grains,
    IOptions<DispatchOptions> options,
    ILogger<EventDispatcher> logger) : BackgroundService
{
    public const string ConsumerId = "grain-dispatcher";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Exactly one dispatcher in the cluster; a new leader resumes from the durable checkpoint.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var lease = await leases.AcquireAsync(ConsumerId, stoppingToken);
                using var leading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lease.Lost);
                await LeadAsync(leading.Token);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Dispatcher leadership ended; competing again");
                await Task.Delay(options.Value.RetryDelay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task LeadAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var position = await log.ReadCheckpointAsync(ConsumerId, stoppingToken);
        await using var checkpoint = new CheckpointWriter(log, ConsumerId, logger);
        logger.LogInformation("Dispatching events to grains from position {Position} (log head {Head})", position, log.LastSequence);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await log.WaitForAppendAsync(position, stoppingToken);
                var batch = await log.ReadAsync(position, o.BatchSize, stoppingToken);
                if (batch.Count == 0) continue;
                await DeliverAsync(batch, o, stoppingToken);
                position = batch[^1].Sequence;
                checkpoint.Save(position);
                EngineTelemetry.DispatchLag.Record(log.LastSequence - position);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Dispatch failed at position {Position}; retrying", position);
                await Task.Delay(o.RetryDelay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task DeliverAsync(IReadOnlyList<LoggedEvent> batch, DispatchOptions o, CancellationToken ct)
    {
        var byStream = new Dictionary<StreamKey, List<LoggedEvent>>();
        foreach (var e in batch)
        {
            foreach (var key in StreamKey.For(e.TenantId, e.Event))
            {
                if (!byStream.TryGetValue(key, out var list)) byStream[key] = list = [];
                list.Add(e);
            }
        }
        await Parallel.ForEachAsync(byStream, new ParallelOptions { MaxDegreeOfParallelism = o.MaxConcurrentDeliveries, CancellationToken = ct },
            async (stream, token) => await DeliverWithRetryAsync(stream.Key, stream.Value, o, token));
    }

    private async Task DeliverWithRetryAsync(StreamKey key, IReadOnlyList<LoggedEvent> events, DispatchOptions o, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StreamGrains.For(grains, key).DeliverAsync(events);
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Delivery to {Kind} {Key} failed (attempt {Attempt}); retrying", key.Kind, key.GrainKey, attempt);
                await Task.Delay(o.RetryDelay * Math.Min(attempt, 10), ct);
            }
        }
    }
}
