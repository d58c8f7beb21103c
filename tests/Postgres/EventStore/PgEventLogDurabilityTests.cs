namespace PrivateDomain.Tests.Postgres.EventStore;

[Collection(PostgresCollection.Name)]
public sealed class PgEventLogDurabilityTests(PostgresFixture pg)
{
    private static readonly TimeSpan Timeout = EventStoreDatabase.Timeout;

    [Fact]
    public async Task Acknowledged_events_survive_dispose_and_reopen()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "durable");
        var first = await db.OpenLogAsync();
        await first.AppendAsync("t1", [Events.Chat("e1"), Events.Chat("e2")]);
        await first.AppendAsync("t2", [Events.Chat("e3")]);
        await first.DisposeAsync();

        var reopened = await db.OpenLogAsync();

        Assert.Equal(3, reopened.LastSequence);
        Assert.Equal(["e1", "e2", "e3"], (await reopened.ReadAsync(0, 10)).Select(e => e.Event.Id));
    }

    [Fact]
    public async Task After_reopen_resends_are_duplicates_and_sequences_continue()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "durable");
        var first = await db.OpenLogAsync();
        await first.AppendAsync("t1", [Events.Chat("e1")]);
        await first.DisposeAsync();
        var reopened = await db.OpenLogAsync();

        var resent = await reopened.AppendAsync("t1", [Events.Chat("e1"), Events.Chat("e2")]);

        Assert.Equal((1, 1, 2L), (resent.Accepted, resent.Duplicates, resent.LastSequence));
    }

    [Fact]
    public async Task Appends_queued_before_dispose_are_still_committed()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "durable");
        var log = await db.OpenLogAsync();
        var gate = new WriterGate();
        log.BeforeCommit = gate.BeforeCommit;
        var first = log.AppendAsync("t1", [Events.Chat("e1")]);
        await gate.Entered.WaitAsync(Timeout);
        var queued = log.AppendAsync("t1", [Events.Chat("e2")]);

        var disposing = log.DisposeAsync().AsTask();
        gate.Release();
        await disposing.WaitAsync(Timeout);

        Assert.Equal(2, (await queued).LastSequence);
        Assert.Equal(2, (await db.OpenLogAsync()).LastSequence);
        await first;
    }

    [Fact]
    public async Task Append_after_dispose_is_refused()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "durable");
        var log = await db.OpenLogAsync();
        await log.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => log.AppendAsync("t1", [Events.Chat("e1")]));
    }

    [Fact]
    public async Task Checkpoints_round_trip_and_survive_reopen()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "durable");
        var log = await db.OpenLogAsync();

        Assert.Equal(0, await log.ReadCheckpointAsync("dispatcher"));
        await log.WriteCheckpointAsync("dispatcher", 5);
        await log.WriteCheckpointAsync("dispatcher", 9);
        await log.WriteCheckpointAsync("other", 2);
        await log.DisposeAsync();
        var reopened = await db.OpenLogAsync();

        Assert.Equal(9, await reopened.ReadCheckpointAsync("dispatcher"));
        Assert.Equal(2, await reopened.ReadCheckpointAsync("other"));
    }
}
