using System.ComponentModel.DataAnnotations;

namespace PrivateDomain.Silo.Streams;

/// <summary>How the event spine feeds grains through Orleans persistent streams. Section "Streams".</summary>
public sealed class EventLogStreamOptions
{
    public const string SectionName = "Streams";

    /// <summary>The stream provider's name.</summary>
    public const string ProviderName = "pd-events";

    /// <summary>
    /// Queues the streams are hashed over; each has one pulling agent in the cluster, balanced over the silos.
    /// Every silo must use the same number: it decides which queue delivers which stream.
    /// </summary>
    [Range(1, 256)]
    public int Queues { get; set; } = 4;

    /// <summary>Log events a queue's receiver reads at a time.</summary>
    [Range(1, 100_000)]
    public int PageSize { get; set; } = 1_000;

    /// <summary>Newest log events a silo keeps in memory for its queues' receivers to share (one read per silo, not per queue).</summary>
    [Range(0, 10_000_000)]
    public int TailCacheEvents { get; set; } = 20_000;

    /// <summary>Batch containers a queue's cache holds (one per stream per read); reading pauses while it is full.</summary>
    [Range(16, 1_000_000)]
    public int CacheSize { get; set; } = 8_192;

    /// <summary>How often an idle queue looks for new events; a look at an idle log costs no I/O.</summary>
    public TimeSpan PollPeriod { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// How long the pulling agent retries one delivery before giving up on it; a given-up delivery is repaired
    /// from the log (the grain catches up), never dropped.
    /// </summary>
    public TimeSpan MaxDeliveryTime { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a pulling agent keeps an idle stream's consumer data (Orleans' default is 30 minutes). A customer who
    /// sends one event and then waits 30 days would otherwise cost the agent its per-stream objects for half an hour
    /// after its grain is gone; a later event simply registers the stream again (implicit subscriptions: no pub-sub call).
    /// </summary>
    public TimeSpan StreamInactivity { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Least time between two checkpoint writes of a queue (a crash replays at most this much more, harmlessly).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Streams whose last delivered position a receiver remembers (for gap detection); beyond it, it forgets them all.</summary>
    [Range(1_000, 10_000_000)]
    public int RememberedStreams { get; set; } = 200_000;

    /// <summary>The checkpoint id of one queue in the log's checkpoint table.</summary>
    public static string CheckpointId(uint queue) => $"stream-q{queue}";
}

/// <summary>How far the spine has delivered: every queue's checkpoint is at or past a position once its events are delivered.</summary>
public static class StreamCheckpoints
{
    /// <summary>The lowest queue checkpoint: every event at or below it has reached its grains.</summary>
    public static async Task<long> DeliveredThroughAsync(Storage.IEventLog log, int queues, CancellationToken cancellationToken = default)
    {
        var lowest = long.MaxValue;
        for (uint q = 0; q < queues; q++)
            lowest = Math.Min(lowest, await log.ReadCheckpointAsync(EventLogStreamOptions.CheckpointId(q), cancellationToken));
        return lowest;
    }
}
