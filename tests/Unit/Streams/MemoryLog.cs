using PrivateDomain.Contracts;
using PrivateDomain.Storage;

namespace PrivateDomain.Tests.Unit.Streams;

/// <summary>An ordered in-memory log with checkpoints; enough for a receiver.</summary>
internal sealed class MemoryLog : IEventLog
{
    public readonly List<LoggedEvent> Events = [];
    public readonly Dictionary<string, long> Checkpoints = [];

    public long LastSequence => Events.Count == 0 ? 0 : Events[^1].Sequence;

    public void Add(string? customer, string? group, string? persona, DateTimeOffset? occurredAt = null)
    {
        var seq = LastSequence + 1;
        Events.Add(new LoggedEvent(seq, "t1", new EngineEvent($"e{seq}", EventTypes.ChatMessage, customer, group, persona, occurredAt ?? DateTimeOffset.UnixEpoch, "{}")));
    }

    public int Reads { get; private set; }

    public Task<IReadOnlyList<LoggedEvent>> ReadAsync(long afterSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        Reads++;
        return Task.FromResult<IReadOnlyList<LoggedEvent>>(Events.Where(e => e.Sequence > afterSequence).Take(maxCount).ToList());
    }

    public Task<long> ReadCheckpointAsync(string consumerId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Checkpoints.GetValueOrDefault(consumerId));

    public Task WriteCheckpointAsync(string consumerId, long sequence, CancellationToken cancellationToken = default)
    {
        lock (Checkpoints) Checkpoints[consumerId] = sequence;
        return Task.CompletedTask;
    }

    public Task<AppendResult> AppendAsync(string tenantId, IReadOnlyList<EngineEvent> events, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<LoggedEvent>> ReadStreamAsync(StreamKey stream, long afterSequence, int maxCount, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task WaitForAppendAsync(long afterSequence, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<string>> ListEntitiesAsync(string tenantId, StreamKind kind, string? afterEntityId, int maxCount, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
