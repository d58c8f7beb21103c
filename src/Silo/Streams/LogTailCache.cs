using PrivateDomain.Contracts;
using PrivateDomain.Storage;

namespace PrivateDomain.Silo.Streams;

/// <summary>
/// The newest stretch of the log, read once per silo and shared by that silo's queue receivers: every receiver
/// scans the whole log (each keeps only its own streams), so without this each row would be read and decoded once
/// per queue. Receivers move together near the head, so they are served from memory; one that is further behind
/// than the cache holds reads the log directly. Relies on the log's gap-free sequences; a page that is not
/// contiguous with the cache resets it.
/// </summary>
public sealed class LogTailCache(IEventLog log, int capacity, int pageSize)
{
    private readonly SemaphoreSlim _reading = new(1, 1);
    private readonly Lock _lock = new();
    private readonly List<LoggedEvent> _events = [];
    private long _first = 1;

    /// <summary>Events after <paramref name="afterSequence"/>, in order, at most <paramref name="maxCount"/>.</summary>
    public async Task<IReadOnlyList<LoggedEvent>> ReadAsync(long afterSequence, int maxCount, CancellationToken cancellationToken)
    {
        if (TryServe(afterSequence, maxCount, out var hit)) return hit;
        await _reading.WaitAsync(cancellationToken);
        try
        {
            // Another receiver may have read this stretch while this one waited.
            if (TryServe(afterSequence, maxCount, out hit)) return hit;
            long next;
            lock (_lock)
            {
                next = _first + _events.Count;
                if (afterSequence + 1 < _first) next = -1; // behind the cache: read directly below
                else if (afterSequence + 1 > next)
                {
                    // Ahead of the cache (a receiver resumed at a later checkpoint): restart it there.
                    _events.Clear();
                    _first = next = afterSequence + 1;
                }
            }
            if (next < 0) return await log.ReadAsync(afterSequence, maxCount, cancellationToken);
            var page = await log.ReadAsync(next - 1, Math.Max(pageSize, maxCount), cancellationToken);
            Append(next, page);
            return TryServe(afterSequence, maxCount, out hit) ? hit : [];
        }
        finally
        {
            _reading.Release();
        }
    }

    private void Append(long expected, IReadOnlyList<LoggedEvent> page)
    {
        lock (_lock)
        {
            foreach (var e in page)
            {
                if (e.Sequence != expected)
                {
                    // Not contiguous (never expected of a gap-free log): start over from this event.
                    _events.Clear();
                    _first = e.Sequence;
                }
                _events.Add(e);
                expected = e.Sequence + 1;
            }
            var excess = _events.Count - capacity;
            if (excess > 0)
            {
                _events.RemoveRange(0, excess);
                _first += excess;
            }
        }
    }

    private bool TryServe(long afterSequence, int maxCount, out IReadOnlyList<LoggedEvent> events)
    {
        lock (_lock)
        {
            var start = afterSequence + 1 - _first;
            if (start < 0 || start >= _events.Count)
            {
                events = [];
                return false;
            }
            events = _events.GetRange((int)start, (int)Math.Min(maxCount, _events.Count - start));
            return true;
        }
    }
}
