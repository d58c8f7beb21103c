using Microsoft.Extensions.Logging;
using PrivateDomain.Storage;

namespace PrivateDomain.Silo.Streams;

/// <summary>
/// Writes a consumer's checkpoint behind its work: at most one write in flight, always the newest position,
/// never on the delivery path. A checkpoint that lags is safe (delivery resumes earlier and grains skip what
/// they applied); one that ran ahead of delivery would not be, so callers save only delivered positions.
/// Writes are at least <paramref name="minInterval"/> apart, so frequent saves do not compete with the log's own
/// commits for the database.
/// </summary>
public sealed class CheckpointWriter(IEventLog log, string consumerId, ILogger logger, TimeSpan minInterval = default) : IAsyncDisposable
{
    private long _wanted;
    private long _written;
    private int _running;
    private Task _inFlight = Task.CompletedTask;

    public void Save(long position)
    {
        InterlockedMax(ref _wanted, position);
        if (Interlocked.Exchange(ref _running, 1) == 0) _inFlight = WriteAsync();
    }

    private async Task WriteAsync()
    {
        while (true)
        {
            var position = Volatile.Read(ref _wanted);
            if (position > _written)
            {
                try
                {
                    await log.WriteCheckpointAsync(consumerId, position, CancellationToken.None);
                    _written = position;
                    if (minInterval > TimeSpan.Zero) await Task.Delay(minInterval);
                    continue;
                }
                catch (Exception ex)
                {
                    logger.LogWarning(ex, "Checkpoint {Consumer} at {Position} not written; the next save retries", consumerId, position);
                }
            }
            Volatile.Write(ref _running, 0);
            // A save that arrived after the last read but before the flag dropped would otherwise wait for the next one.
            if (Volatile.Read(ref _wanted) <= _written || Interlocked.Exchange(ref _running, 1) != 0) return;
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current) return;
            current = seen;
        }
    }

    /// <summary>Flushes the newest position before the consumer stops.</summary>
    public async ValueTask DisposeAsync()
    {
        await _inFlight;
        if (_written < Volatile.Read(ref _wanted) && Interlocked.Exchange(ref _running, 1) == 0) await WriteAsync();
    }
}
