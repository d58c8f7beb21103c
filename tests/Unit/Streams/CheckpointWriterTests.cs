using Microsoft.Extensions.Logging.Abstractions;
using PrivateDomain.Contracts;
using PrivateDomain.Silo.Streams;
using PrivateDomain.Storage;

namespace PrivateDomain.Tests.Unit.Streams;

public sealed class CheckpointWriterTests
{
    /// <summary>A log whose checkpoint writes can be held open, to pile saves up behind one write.</summary>
    private sealed class SlowCheckpoints : IEventLog
    {
        public readonly List<long> Writes = [];
        public TaskCompletionSource Gate { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task WriteCheckpointAsync(string consumerId, long sequence, CancellationToken cancellationToken = default)
        {
            lock (Writes) Writes.Add(sequence);
            await Gate.Task;
        }

        public long LastSequence => 0;
        public Task<AppendResult> AppendAsync(string tenantId, IReadOnlyList<EngineEvent> events, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<LoggedEvent>> ReadStreamAsync(StreamKey stream, long afterSequence, int maxCount, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<LoggedEvent>> ReadAsync(long afterSequence, int maxCount, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task WaitForAppendAsync(long afterSequence, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyList<string>> ListEntitiesAsync(string tenantId, StreamKind kind, string? afterEntityId, int maxCount, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<long> ReadCheckpointAsync(string consumerId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    [Fact]
    public async Task Saves_during_a_write_collapse_into_one_write_of_the_newest_position()
    {
        var log = new SlowCheckpoints();
        var writer = new CheckpointWriter(log, "c", NullLogger.Instance);

        writer.Save(1);
        writer.Save(5);
        writer.Save(3);
        writer.Save(9);
        log.Gate.SetResult();
        await writer.DisposeAsync();

        Assert.Equal([1L, 9L], log.Writes);
    }

    [Fact]
    public async Task The_last_position_saved_is_always_written()
    {
        var log = new SlowCheckpoints();
        log.Gate.SetResult();
        var writer = new CheckpointWriter(log, "c", NullLogger.Instance);
        for (var i = 1; i <= 1_000; i++) writer.Save(i);
        await writer.DisposeAsync();

        Assert.Equal(1_000, log.Writes[^1]);
        Assert.True(log.Writes.SequenceEqual(log.Writes.Order()), "positions only move forward");
    }
}
