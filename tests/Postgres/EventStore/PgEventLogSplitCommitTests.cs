using PrivateDomain.Storage;

namespace PrivateDomain.Tests.Postgres.EventStore;

/// <summary>Large group commits insert over two connections: the lower half commits first, the upper half last.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PgEventLogSplitCommitTests(PostgresFixture pg)
{
    private const int Appends = 300;
    private static readonly TimeSpan Timeout = EventStoreDatabase.Timeout;

    [Fact]
    public async Task Large_group_commit_is_split_over_two_connections_and_commits_in_queue_order()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "split");
        var log = await db.OpenLogAsync();
        var other = await db.OpenLogAsync(headPoll: TimeSpan.FromMinutes(10));
        var gate = new WriterGate();
        log.BeforeCommit = gate.BeforeCommit;
        var holder = log.AppendAsync("t1", [Events.Chat("hold")]);
        await gate.Entered.WaitAsync(Timeout);

        var queued = Enumerable.Range(0, Appends).Select(i => log.AppendAsync("t1", [Events.Chat($"e{i}", customer: $"c{i % 3}")])).ToList();
        gate.Release();
        await holder.WaitAsync(Timeout);
        var results = await Task.WhenAll(queued).WaitAsync(Timeout);

        Assert.Equal(1, log.SplitCommitCount);
        Assert.Equal(Enumerable.Range(2, Appends).Select(i => (long)i), results.Select(r => r.LastSequence));
        var logged = await log.ReadAsync(0, 1000);
        Assert.Equal(Enumerable.Range(1, Appends + 1).Select(i => (long)i), logged.Select(e => e.Sequence));
        Assert.Equal(["hold", .. Enumerable.Range(0, Appends).Select(i => $"e{i}")], logged.Select(e => e.Event.Id));
        await other.WaitForAppendAsync(Appends, CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(Appends + 1, other.LastSequence);
    }

    [Fact]
    public async Task Resend_and_conflict_in_a_large_group_commit_fall_back_and_stay_gap_free()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "split");
        var log = await db.OpenLogAsync();
        await log.AppendAsync("t1", [Events.Chat("old")]);
        var gate = new WriterGate();
        log.BeforeCommit = gate.BeforeCommit;
        var holder = log.AppendAsync("t1", [Events.Chat("hold")]);
        await gate.Entered.WaitAsync(Timeout);

        var queued = Enumerable.Range(0, Appends).Select(i => i switch
        {
            250 => log.AppendAsync("t1", [Events.Chat("new250"), Events.Chat("old")]),
            270 => log.AppendAsync("t1", [Events.Chat("new270"), Events.Chat("old", text: "changed")]),
            _ => log.AppendAsync("t1", [Events.Chat($"e{i}")]),
        }).ToList();
        gate.Release();
        await holder.WaitAsync(Timeout);
        var results = await Task.WhenAll(queued).WaitAsync(Timeout);

        Assert.Equal((AppendOutcome.Appended, 1, 1), (results[250].Outcome, results[250].Accepted, results[250].Duplicates));
        Assert.Equal((AppendOutcome.Conflict, 0), (results[270].Outcome, results[270].Accepted));
        Assert.Equal(0, log.SplitCommitCount);
        var logged = await log.ReadAsync(0, 1000);
        Assert.Equal(Enumerable.Range(1, Appends + 1).Select(i => (long)i), logged.Select(e => e.Sequence));
        Assert.DoesNotContain("new270", logged.Select(e => e.Event.Id));
        Assert.Equal(Appends + 1, log.LastSequence);
    }

    [Fact]
    public async Task When_the_upper_part_fails_after_the_lower_part_committed_only_the_lower_appends_are_acknowledged()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "split");
        var log = await db.OpenLogAsync();
        var gate = new WriterGate();
        log.BeforeCommit = gate.BeforeCommit;
        var failures = 0;
        log.BeforeLeadCommit = () => Interlocked.Increment(ref failures) == 1 ? Task.FromException(new IOException("lead lost")) : Task.CompletedTask;
        var holder = log.AppendAsync("t1", [Events.Chat("hold")]);
        await gate.Entered.WaitAsync(Timeout);

        var queued = Enumerable.Range(0, Appends).Select(i => log.AppendAsync("t1", [Events.Chat($"e{i}")])).ToList();
        gate.Release();
        await holder.WaitAsync(Timeout);
        await Task.WhenAny(Task.WhenAll(queued), Task.Delay(Timeout));

        var acknowledged = queued.TakeWhile(t => t.IsCompletedSuccessfully).Count();
        Assert.InRange(acknowledged, 1, Appends - 1);
        Assert.All(queued.Skip(acknowledged), t => Assert.IsType<IOException>(t.Exception?.InnerException));
        var logged = await log.ReadAsync(0, 1000);
        Assert.Equal(["hold", .. Enumerable.Range(0, acknowledged).Select(i => $"e{i}")], logged.Select(e => e.Event.Id));
        Assert.Equal(acknowledged + 1, log.LastSequence);
        // The failed ones are retried by their callers: new events, continuing the sequence without a gap.
        var retried = await log.AppendAsync("t1", [Events.Chat($"e{acknowledged}")]).WaitAsync(Timeout);
        Assert.Equal((1, acknowledged + 2L), (retried.Accepted, retried.LastSequence));
    }
}
