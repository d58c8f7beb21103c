using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Telemetry;

namespace PrivateDomain.Grains.Push;

/// <summary>
/// Silo-local fan-out of console pushes to every live gateway. Batches whatever queued while the previous
/// send was in flight. Reentrant because it holds no state that a turn could see half-updated: the queue is
/// only touched synchronously and the flush loop is single.
/// </summary>
[Reentrant]
[StatelessWorker(1)]
public sealed class PushNotifierGrain(ILogger<PushNotifierGrain> logger) : Grain, IPushNotifierGrain
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(5);
    private const int MaxBatch = 500;
    private readonly Queue<(ConsolePush Push, long Queued)> _queue = new();
    private IReadOnlyList<IConsoleObserver> _observers = [];
    private DateTime _refreshedAt = DateTime.MinValue;
    private Task _flush = Task.CompletedTask;

    public Task PushAsync(ConsolePush push)
    {
        _queue.Enqueue((push, Stopwatch.GetTimestamp()));
        if (_flush.IsCompleted) _flush = FlushAsync();
        return Task.CompletedTask;
    }

    public async Task RevokePersonaAsync(string tenantId, string personaId, IReadOnlyList<string> connectionIds)
    {
        await RefreshAsync();
        foreach (var observer in _observers)
        {
            try
            {
                await observer.RevokePersonaAsync(tenantId, personaId, connectionIds);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A gateway did not take the revocation of persona {Persona} for {Count} connections", personaId, connectionIds.Count);
            }
        }
    }

    private async Task FlushAsync()
    {
        while (_queue.Count > 0)
        {
            if (DateTime.UtcNow - _refreshedAt > RefreshEvery || _observers.Count == 0) await RefreshAsync();
            var batch = new List<ConsolePush>(Math.Min(_queue.Count, MaxBatch));
            var oldest = _queue.Peek().Queued;
            while (batch.Count < MaxBatch && _queue.TryDequeue(out var next)) batch.Add(next.Push);
            await Task.WhenAll(_observers.Select(o => SendAsync(o, batch)));
            EngineTelemetry.Pushes.Add(batch.Count);
            EngineTelemetry.PushLag.Record(Stopwatch.GetElapsedTime(oldest).TotalMilliseconds);
            if (EngineTelemetry.PushItemAge.Enabled)
            {
                var now = DateTimeOffset.UtcNow;
                foreach (var push in batch)
                    EngineTelemetry.PushItemAge.Record((now - push.Item.At).TotalMilliseconds, new KeyValuePair<string, object?>("kind", push.Item.Kind));
            }
        }
    }

    private async Task RefreshAsync()
    {
        try
        {
            _observers = await GrainFactory.GetGrain<IGatewayRegistryGrain>(0).GetObserversAsync();
            _refreshedAt = DateTime.UtcNow;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not refresh the gateway list; keeping {Count} known gateways", _observers.Count);
        }
    }

    private async Task SendAsync(IConsoleObserver observer, IReadOnlyList<ConsolePush> batch)
    {
        try
        {
            await observer.PushAsync(batch);
        }
        catch (Exception ex)
        {
            // Best-effort by design: consoles resync from feeds by sequence.
            logger.LogWarning(ex, "A gateway did not take {Count} pushes", batch.Count);
            _refreshedAt = DateTime.MinValue;
        }
    }
}
