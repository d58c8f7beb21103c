namespace PrivateDomain.Tests.Postgres.EventStore;

[Collection(PostgresCollection.Name)]
public sealed class PgEventLogWaitTests(PostgresFixture pg)
{
    private static readonly TimeSpan Timeout = EventStoreDatabase.Timeout;

    [Fact]
    public async Task Wait_for_append_wakes_when_a_later_event_commits()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "wait");
        var log = await db.OpenLogAsync();
        await log.AppendAsync("t1", [Events.Chat("e1")]);

        var waiting = log.WaitForAppendAsync(log.LastSequence, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        await log.AppendAsync("t1", [Events.Chat("e2")]);

        await waiting.WaitAsync(Timeout);
        Assert.Equal(2, log.LastSequence);
    }

    [Fact]
    public async Task Wait_for_append_returns_at_once_when_already_past()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "wait");
        var log = await db.OpenLogAsync();
        await log.AppendAsync("t1", [Events.Chat("e1")]);

        await log.WaitForAppendAsync(0, CancellationToken.None).WaitAsync(Timeout);
    }

    [Fact]
    public async Task Wait_for_append_ignores_commits_of_duplicates_only()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "wait");
        var log = await db.OpenLogAsync();
        await log.AppendAsync("t1", [Events.Chat("e1")]);
        var waiting = log.WaitForAppendAsync(log.LastSequence, CancellationToken.None);

        await log.AppendAsync("t1", [Events.Chat("e1")]);

        Assert.False(waiting.IsCompleted);
        await log.AppendAsync("t1", [Events.Chat("e2")]);
        await waiting.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Wait_for_append_is_cancellable()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "wait");
        var log = await db.OpenLogAsync();
        using var cts = new CancellationTokenSource();

        var waiting = log.WaitForAppendAsync(0, cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task Wait_for_append_ends_when_the_log_is_disposed()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "wait");
        var log = await db.OpenLogAsync();
        var waiting = log.WaitForAppendAsync(0, CancellationToken.None);

        await log.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Wait_for_append_wakes_when_another_process_appends()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "wait");
        var reader = await db.OpenLogAsync(headPoll: TimeSpan.FromMinutes(10));
        var writer = await db.OpenLogAsync();
        var waiting = reader.WaitForAppendAsync(0, CancellationToken.None);

        await writer.AppendAsync("t1", [Events.Chat("e1"), Events.Chat("e2")]);

        // Woken by NOTIFY: the poll is far too slow to be what wakes it.
        await waiting.WaitAsync(Timeout);
        Assert.Equal(2, reader.LastSequence);
        Assert.Equal(2, (await reader.ReadAsync(0, 10)).Count);
    }

    [Fact]
    public async Task Wait_for_append_wakes_by_polling_when_a_commit_sent_no_notification()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "wait");
        var log = await db.OpenLogAsync(headPoll: TimeSpan.FromMilliseconds(100));
        var waiting = log.WaitForAppendAsync(0, CancellationToken.None);

        await db.ExecuteAsync("""
            INSERT INTO pd_events (seq, tenant_id, event_id, type, occurred_at, data_json, body_hash)
            VALUES (1, 't1', 'quiet', 'chat.message', now(), '{}', '\x00')
            """);

        await waiting.WaitAsync(Timeout);
        Assert.Equal(1, log.LastSequence);
    }
}
