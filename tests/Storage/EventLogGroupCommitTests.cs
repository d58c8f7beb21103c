using PrivateDomain.Contracts;
using PrivateDomain.Storage;

namespace PrivateDomain.Tests.Storage;

public sealed class EventLogGroupCommitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Conflicting_append_rolls_back_alone_while_its_group_commit_neighbour_commits()
    {
        await using var fx = new EventLogFixture();
        var log = fx.Open();
        await log.AppendAsync("t1", [Events.Chat("e1")]);
        var gate = new WriterGate();
        log.BeforeCommit = gate.BeforeCommit;
        var holder = log.AppendAsync("t1", [Events.Chat("hold")]);
        await gate.Entered.WaitAsync(Timeout);
        var commitsBefore = log.CommitCount;

        var conflicting = log.AppendAsync("t1", [Events.Chat("x1"), Events.Chat("e1", text: "changed")]);
        var neighbour = log.AppendAsync("t1", [Events.Chat("y1")]);
        gate.Release();
        await Task.WhenAll(holder, conflicting, neighbour).WaitAsync(Timeout);

        var (conflict, committed) = (await conflicting, await neighbour);
        Assert.Equal(commitsBefore + 2, log.CommitCount);
        Assert.Equal(AppendOutcome.Conflict, conflict.Outcome);
        Assert.Equal([1], conflict.ConflictingIndexes);
        Assert.Equal((AppendOutcome.Appended, 1), (committed.Outcome, committed.Accepted));
        Assert.Equal(["e1", "hold", "y1"], (await log.ReadAsync(0, 10)).Select(e => e.Event.Id));
        Assert.Equal([1L, 2L, 3L], (await log.ReadAsync(0, 10)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task Resend_in_the_same_group_commit_as_the_original_counts_as_duplicate()
    {
        await using var fx = new EventLogFixture();
        var log = fx.Open();
        var gate = new WriterGate();
        log.BeforeCommit = gate.BeforeCommit;
        var holder = log.AppendAsync("t1", [Events.Chat("hold")]);
        await gate.Entered.WaitAsync(Timeout);

        var original = log.AppendAsync("t1", [Events.Chat("e1")]);
        var resend = log.AppendAsync("t1", [Events.Chat("e1")]);
        gate.Release();
        await Task.WhenAll(holder, original, resend).WaitAsync(Timeout);

        var (first, second) = (await original, await resend);
        Assert.Equal((1, 0), (first.Accepted, first.Duplicates));
        Assert.Equal((0, 1), (second.Accepted, second.Duplicates));
        Assert.Equal(first.LastSequence, second.LastSequence);
    }

    [Fact]
    public async Task Many_concurrent_appenders_all_commit_with_unique_gap_free_sequences_in_fewer_commits()
    {
        const int Tasks = 200, AppendsPerTask = 50;
        await using var fx = new EventLogFixture();
        var log = fx.Open();

        var results = await Task.WhenAll(Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
        {
            var mine = new List<AppendResult>(AppendsPerTask);
            for (var i = 0; i < AppendsPerTask; i++)
                mine.Add(await log.AppendAsync($"tenant{t % 7}", [Events.Chat($"task{t}-e{i}", customer: $"c{t}")]));
            return mine;
        }))).WaitAsync(TimeSpan.FromMinutes(3));

        const int Total = Tasks * AppendsPerTask;
        Assert.All(results.SelectMany(r => r), r => Assert.Equal((AppendOutcome.Appended, 1), (r.Outcome, r.Accepted)));
        var logged = await log.ReadAsync(0, Total + 10);
        Assert.Equal(Enumerable.Range(1, Total).Select(i => (long)i), logged.Select(e => e.Sequence));
        Assert.Equal(Total, logged.Select(e => (e.TenantId, e.Event.Id)).Distinct().Count());
        Assert.Equal(Total, log.LastSequence);
        Assert.True(log.CommitCount < Total / 2, $"{log.CommitCount} commits for {Total} appends: group commit did not merge.");
        var customerStream = await log.ReadStreamAsync(new(StreamKind.Customer, "tenant3", "c3"), 0, 100);
        Assert.Equal(Enumerable.Range(0, AppendsPerTask).Select(i => $"task3-e{i}"), customerStream.Select(e => e.Event.Id));
    }

    [Fact]
    public async Task Appends_beyond_max_pending_are_refused_with_retry_after()
    {
        await using var fx = new EventLogFixture();
        var log = fx.Open(maxPendingAppends: 1);
        var gate = new WriterGate();
        log.BeforeCommit = gate.BeforeCommit;
        var inWriter = log.AppendAsync("t1", [Events.Chat("e1")]);
        await gate.Entered.WaitAsync(Timeout);
        var queued = log.AppendAsync("t1", [Events.Chat("e2")]);

        var refused = await Assert.ThrowsAsync<EventLogOverloadedException>(() => log.AppendAsync("t1", [Events.Chat("e3")]));

        Assert.True(refused.RetryAfter > TimeSpan.Zero);
        gate.Release();
        await Task.WhenAll(inWriter, queued).WaitAsync(Timeout);
        Assert.Equal(["e1", "e2"], (await log.ReadAsync(0, 10)).Select(e => e.Event.Id));
    }

    [Fact]
    public async Task Failed_group_commit_fails_its_appends_and_the_writer_keeps_serving()
    {
        await using var fx = new EventLogFixture();
        var log = fx.Open();
        var calls = 0;
        log.BeforeCommit = () => Interlocked.Increment(ref calls) == 1
            ? Task.FromException(new IOException("disk on fire"))
            : Task.CompletedTask;

        var failed = await Assert.ThrowsAsync<IOException>(() => log.AppendAsync("t1", [Events.Chat("e1")]).WaitAsync(Timeout));
        var later = await log.AppendAsync("t1", [Events.Chat("e2")]).WaitAsync(Timeout);

        Assert.Equal("disk on fire", failed.Message);
        Assert.Equal((AppendOutcome.Appended, 1, 1L), (later.Outcome, later.Accepted, later.LastSequence));
    }
}
