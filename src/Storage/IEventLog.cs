using PrivateDomain.Contracts;

namespace PrivateDomain.Storage;

/// <summary>
/// The durable event log: ingestion appends, grains read their own streams, dispatchers read in order.
/// Implementations: SQLite (embedded mode); PostgreSQL (cluster mode) behind the same interface.
/// </summary>
public interface IEventLog
{
    /// <summary>
    /// Appends one tenant's batch atomically and returns once it is durable. An event id the tenant already
    /// logged with the same body counts as a duplicate and is not appended again; the same id with a
    /// different body makes the whole batch a <see cref="AppendOutcome.Conflict"/> and nothing is appended.
    /// Throws <see cref="EventLogOverloadedException"/> when too many appends are waiting.
    /// </summary>
    Task<AppendResult> AppendAsync(string tenantId, IReadOnlyList<EngineEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Events of one stream with a sequence greater than <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<LoggedEvent>> ReadStreamAsync(StreamKey stream, long afterSequence, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>
    /// The ids of one kind of entity the tenant's events name (every customer the tenant has sent an event for, say),
    /// ascending (in the store's collation) after <paramref name="afterEntityId"/> (null: from the start): for sweeps over a tenant.
    /// </summary>
    Task<IReadOnlyList<string>> ListEntitiesAsync(string tenantId, StreamKind kind, string? afterEntityId, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>All events with a sequence greater than <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<LoggedEvent>> ReadAsync(long afterSequence, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>The highest committed sequence (0 when empty).</summary>
    long LastSequence { get; }

    /// <summary>Completes when <see cref="LastSequence"/> exceeds <paramref name="afterSequence"/>.</summary>
    Task WaitForAppendAsync(long afterSequence, CancellationToken cancellationToken);

    /// <summary>Reads a consumer's checkpoint (0 when none).</summary>
    Task<long> ReadCheckpointAsync(string consumerId, CancellationToken cancellationToken = default);

    /// <summary>Stores a consumer's checkpoint.</summary>
    Task WriteCheckpointAsync(string consumerId, long sequence, CancellationToken cancellationToken = default);
}

/// <summary>What happened to an appended batch.</summary>
public enum AppendOutcome
{
    Appended = 0,
    Conflict = 1,
}

/// <summary>
/// The result of an append: how many events were new and how many were resends; on conflict, the
/// indexes (within the batch) of the events whose id was already logged with a different body.
/// </summary>
public sealed record AppendResult(
    AppendOutcome Outcome,
    int Accepted,
    int Duplicates,
    IReadOnlyList<int> ConflictingIndexes,
    long LastSequence);

/// <summary>Thrown when the log has more appends waiting than it is configured to hold.</summary>
public sealed class EventLogOverloadedException(TimeSpan retryAfter)
    : Exception($"The event log is behind; retry after {retryAfter.TotalSeconds:0.#} s.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
