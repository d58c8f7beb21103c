using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;
using PrivateDomain.Contracts;
using PrivateDomain.Grains.Telemetry;
using PrivateDomain.Storage;

namespace PrivateDomain.Silo.Streams;

/// <summary>
/// Reads one queue's streams from the durable log. The log is one ordered sequence; this queue takes the events
/// of the streams the mapper assigns to it, one container per stream per read. Its checkpoint moves only past
/// containers the pulling agent reports delivered, so a receiver restarted anywhere (after a silo dies, or when
/// the queue moves) resumes at or before the first undelivered event; grains skip positions they applied.
/// </summary>
public sealed class EventLogQueueReceiver(
    QueueId queue,
    IEventLog log,
    LogTailCache tail,
    IStreamQueueMapper mapper,
    QueueProgress progress,
    EventLogStreamOptions options,
    ILogger logger) : IQueueAdapterReceiver
{
    private readonly Dictionary<StreamId, long> _lastDelivered = [];
    private long _cursor;
    private CheckpointWriter? _checkpoint;

    public string CheckpointId { get; } = EventLogStreamOptions.CheckpointId(queue.GetNumericId());

    public async Task Initialize(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        _cursor = await log.ReadCheckpointAsync(CheckpointId, cts.Token);
        progress.Reset();
        _lastDelivered.Clear();
        _checkpoint = new CheckpointWriter(log, CheckpointId, logger, options.CheckpointInterval);
        logger.LogInformation("Stream queue {Queue} reads the log from position {Position} (head {Head})", queue, _cursor, log.LastSequence);
    }

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) => GetQueueMessagesAsync(maxCount, CancellationToken.None);

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
    {
        // Nothing in flight: everything this queue read is delivered, so the checkpoint can follow the cursor even
        // across stretches of the log with none of this queue's streams.
        if (progress.Outstanding == 0) _checkpoint?.Save(_cursor);
        if (log.LastSequence <= _cursor) return [];
        var page = await tail.ReadAsync(_cursor, options.PageSize, cancellationToken);
        if (page.Count == 0) return [];
        var containers = Split(page, maxCount < 0 ? int.MaxValue : maxCount);
        progress.Emitted(containers.Count);
        EngineTelemetry.DispatchLag.Record(log.LastSequence - _cursor);
        return containers;
    }

    /// <summary>Groups the page's events of this queue's streams into containers, at most <paramref name="max"/>.</summary>
    private List<IBatchContainer> Split(IReadOnlyList<LoggedEvent> page, int max)
    {
        var before = _cursor;
        var byStream = new Dictionary<StreamId, (List<LoggedEvent> Events, EventSequenceTokenV2 Token)>();
        var order = new List<StreamId>();
        var eventStreams = new List<StreamId>(3);
        var now = EngineTelemetry.StreamEventAge.Enabled ? DateTimeOffset.UtcNow : (DateTimeOffset?)null;
        foreach (var e in page)
        {
            eventStreams.Clear();
            var fresh = 0;
            foreach (var key in StreamKey.For(e.TenantId, e.Event))
            {
                var id = StreamId.Create(EventStreamNamespaces.For(key.Kind), key.GrainKey);
                if (!mapper.GetQueueForStream(id).Equals(queue)) continue;
                eventStreams.Add(id);
                if (!byStream.ContainsKey(id)) fresh++;
            }
            // Stop before an event that would need more containers than the cache takes now; it is read next time.
            if (order.Count + fresh > max && order.Count > 0) break;
            if (now is { } read && eventStreams.Count > 0) EngineTelemetry.StreamEventAge.Record((read - e.Event.OccurredAt).TotalMilliseconds);
            for (var rank = 0; rank < eventStreams.Count; rank++)
            {
                var id = eventStreams[rank];
                if (!byStream.TryGetValue(id, out var entry))
                {
                    byStream[id] = entry = ([], new EventSequenceTokenV2(e.Sequence, rank));
                    order.Add(id);
                }
                entry.Events.Add(e);
            }
            _cursor = e.Sequence;
        }

        if (_lastDelivered.Count > options.RememberedStreams) _lastDelivered.Clear();
        var containers = new List<IBatchContainer>(order.Count);
        for (var i = 0; i < order.Count; i++)
        {
            var id = order[i];
            var (events, token) = byStream[id];
            var previous = _lastDelivered.GetValueOrDefault(id);
            _lastDelivered[id] = events[^1].Sequence;
            containers.Add(new EventLogBatchContainer(id, new EventBatch(events, previous), token)
            {
                // Purged in order: once the last container of this read is delivered, so is the whole read.
                SafeCheckpoint = i == order.Count - 1 ? _cursor : before,
            });
        }
        return containers;
    }

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => MessagesDeliveredAsync(messages, CancellationToken.None);

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages, CancellationToken cancellationToken)
    {
        long safe = 0;
        foreach (var m in messages)
            if (m is EventLogBatchContainer c && c.SafeCheckpoint > safe) safe = c.SafeCheckpoint;
        progress.Delivered(messages.Count);
        if (safe > 0) _checkpoint?.Save(safe);
        return Task.CompletedTask;
    }

    public async Task Shutdown(TimeSpan timeout)
    {
        if (_checkpoint is not null) await _checkpoint.DisposeAsync();
        logger.LogInformation("Stream queue {Queue} stopped at position {Position}", queue, _cursor);
    }
}
