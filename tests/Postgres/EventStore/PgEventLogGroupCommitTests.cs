using PrivateDomain.Contracts;
using PrivateDomain.Storage;

namespace PrivateDomain.Tests.Postgres.EventStore;

[Collection(PostgresCollection.Name)]
public sealed class PgEventLogGroupCommitTests(PostgresFixture pg)
{
    private static readonly TimeSpan Timeout = EventStoreDatabase.Timeout;

    [Fact]
    public async Task Conflicting_append_rolls_back_alone_while_its_group_commit_neighbour_commits()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "group");
        var log = await db.OpenLogAsync();
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
        Assert.Equal((AppendOutcome.Appended, 1, 3L), (committed.Outcome, committed.Accepted, committed.LastSequence));
        Assert.Equal(["e1", "hold", "y1"], (await log.ReadAsync(0, 10)).Select(e => e.Event.Id));
        Assert.Equal([1L, 2L, 3L], (await log.ReadAsync(0, 10)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task Resend_in_the_same_group_commit_as_the_original_counts_as_duplicate()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "group");
        var log = await db.OpenLogAsync();
        var gate = new WriterGate();
        log.BeforeCommit = gate.BeforeCommit;
        var holder = log.AppendAsync("t1", [Events.Chat("hold")]);
        await gate.Entered.WaitAsync(Timeout);

        var original = log.AppendAsync("t1", [Events.Chat("e1")]);
        var resend = log.AppendAsync("t1", [Events.Chat("e1")]);
        var reuse = log.AppendAsync("t1", [Events.Chat("e1", text: "changed")]);
        gate.Release();
        await Task.WhenAll(holder, original, resend, reuse).WaitAsync(Timeout);

        var (first, second, third) = (await original, await resend, await reuse);
        Assert.Equal((1, 0), (first.Accepted, first.Duplicates));
        Assert.Equal((0, 1), (second.Accepted, second.Duplicates));
        Assert.Equal(first.LastSequence, second.LastSequence);
        Assert.Equal(AppendOutcome.Conflict, third.Outcome);
        Assert.Equal(["hold", "e1"], (await log.ReadAsync(0, 10)).Select(e => e.Event.Id));
    }

    [Fact]
    public async Task Resends_and_conflicts_mixed_into_one_group_commit_keep_sequences_gap_free_and_in_queue_order()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "group");
        var log = await db.OpenLogAsync();
        await log.AppendAsync("t1", [Events.Chat("old1"), Events.Chat("old2")]);
        var gate = new WriterGate();
        log.BeforeCommit = gate.BeforeCommit;
        var holder = log.AppendAsync("t1", [Events.Chat("hold")]);
        await gate.Entered.WaitAsync(Timeout);

        var a = log.AppendAsync("t1", [Events.Chat("a1"), Events.Chat("old1"), Events.Chat("a2")]);
        var b = log.AppendAsync("t1", [Events.Chat("b1"), Events.Chat("old2", text: "changed")]);
        var c = log.AppendAsync("t2", [Events.Chat("old1"), Events.Chat("c1")]);
        var d = log.AppendAsync("t1", [Events.Chat("a2"), Events.Chat("d1")]);
        gate.Release();
        await Task.WhenAll(holder, a, b, c, d).WaitAsync(Timeout);

        Assert.Equal((AppendOutcome.Appended, 2, 1, 5L), ((await a).Outcome, (await a).Accepted, (await a).Duplicates, (await a).LastSequence));
        Assert.Equal((AppendOutcome.Conflict, 0), ((await b).Outcome, (await b).Accepted));
        Assert.Equal([1], (await b).ConflictingIndexes);
        Assert.Equal((AppendOutcome.Appended, 2, 0, 7L), ((await c).Outcome, (await c).Accepted, (await c).Duplicates, (await c).LastSequence));
        Assert.Equal((AppendOutcome.Appended, 1, 1, 8L), ((await d).Outcome, (await d).Accepted, (await d).Duplicates, (await d).LastSequence));
        var logged = await log.ReadAsync(0, 20);
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), logged.Select(e => e.Sequence));
        Assert.Equal(["old1", "old2", "hold", "a1", "a2", "old1", "c1", "d1"], logged.Select(e => e.Event.Id));
        Assert.Equal(8, log.LastSequence);
    }

    [Fact]
    public async Task Many_concurrent_appenders_all_commit_with_unique_gap_free_sequences_in_fewer_commits()
    {
        const int Tasks = 200, AppendsPerTask = 50;
        await using var db = await EventStoreDatabase.CreateAsync(pg, "group");
        var log = await db.OpenLogAsync();

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
        await using var db = await EventStoreDatabase.CreateAsync(pg, "group");
        var log = await db.OpenLogAsync(maxPendingAppends: 1);
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
    public async Task Append_whose_caller_gave_up_before_its_commit_is_not_written()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "group");
        var log = await db.OpenLogAsync();
        var gate = new WriterGate();
        log.BeforeCommit = gate.BeforeCommit;
        var holder = log.AppendAsync("t1", [Events.Chat("hold")]);
        await gate.Entered.WaitAsync(Timeout);
        using var cts = new CancellationTokenSource();
        var abandoned = log.AppendAsync("t1", [Events.Chat("gone")], cts.Token);
        var kept = log.AppendAsync("t1", [Events.Chat("kept")]);

        await cts.CancelAsync();
        gate.Release();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        await Task.WhenAll(holder, kept).WaitAsync(Timeout);
        Assert.Equal(["hold", "kept"], (await log.ReadAsync(0, 10)).Select(e => e.Event.Id));
    }

    [Fact]
    public async Task Failed_group_commit_fails_its_appends_and_the_writer_keeps_serving()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "group");
        var log = await db.OpenLogAsync();
        var calls = 0;
        log.BeforeCommit = () => Interlocked.Increment(ref calls) == 1
            ? Task.FromException(new IOException("disk on fire"))
            : Task.CompletedTask;

        var failed = await Assert.ThrowsAsync<IOException>(() => log.AppendAsync("t1", [Events.Chat("e1")]).WaitAsync(Timeout));
        var later = await log.AppendAsync("t1", [Events.Chat("e2")]).WaitAsync(Timeout);

        Assert.Equal("disk on fire", failed.Message);
        Assert.Equal((AppendOutcome.Appended, 1, 1L), (later.Outcome, later.Accepted, later.LastSequence));
    }

    [Fact]
    public async Task Writer_recovers_when_the_server_drops_its_connection()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "group");
        var log = await db.OpenLogAsync();
        await log.AppendAsync("t1", [Events.Chat("e1")]);

        // Kill every backend of this database but ours (the writer's and the listener's connections).
        await db.ExecuteAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
        var failed = await Record.ExceptionAsync(() => log.AppendAsync("t1", [Events.Chat("e2")]).WaitAsync(Timeout));
        var retried = await log.AppendAsync("t1", [Events.Chat("e2")]).WaitAsync(Timeout);

        // The first try may fail on the dead connection; the resend commits once either way.
        Assert.True(failed is null or Npgsql.NpgsqlException or IOException, failed?.ToString());
        Assert.Equal(1, retried.Accepted + retried.Duplicates);
        Assert.Equal(["e1", "e2"], (await log.ReadAsync(0, 10)).Select(e => e.Event.Id));
    }
}
