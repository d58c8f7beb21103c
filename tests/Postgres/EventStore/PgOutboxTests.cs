using PrivateDomain.Contracts;

namespace PrivateDomain.Tests.Postgres.EventStore;

[Collection(PostgresCollection.Name)]
public sealed class PgOutboxTests(PostgresFixture pg)
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = EventStoreDatabase.Timeout;

    [Fact]
    public async Task Enqueued_message_is_stored_as_given()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "outbox");
        var outbox = db.OpenOutbox();
        var message = Message("d1", customer: "c1", at: T0.AddTicks(7)) with { AgentId = "a1" };

        var stored = await outbox.EnqueueAsync(message);

        Assert.Equal(message, stored);
        Assert.Equal(message, Assert.Single(await outbox.QueryAsync("t1", null, null, 10)));
    }

    [Fact]
    public async Task Enqueueing_the_same_delivery_id_again_keeps_the_first()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "outbox");
        var outbox = db.OpenOutbox();
        var first = await outbox.EnqueueAsync(Message("d1", text: "first"));

        var again = await outbox.EnqueueAsync(Message("d1", text: "second"));

        Assert.Equal(first, again);
        Assert.Single(await outbox.QueryAsync("t1", null, null, 10));
    }

    [Fact]
    public async Task Concurrent_enqueues_of_one_delivery_id_from_two_processes_store_one_message()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "outbox");
        var outboxes = new[] { db.OpenOutbox(), db.OpenOutbox() };

        var stored = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            outboxes[i % 2].EnqueueAsync(Message("d1", text: $"try {i}"))));

        Assert.Single(stored.Distinct());
        Assert.Single(await outboxes[0].QueryAsync("t1", null, null, 10));
    }

    [Fact]
    public async Task Many_concurrent_enqueues_are_joined_and_each_caller_gets_its_own_stored_message()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "outbox");
        var outbox = db.OpenOutbox();
        await outbox.EnqueueAsync(Message("old", text: "stored before"));
        // 300 at once (joined into a few INSERTs): distinct ids with and without optional columns, an id already stored,
        // and one id given twice in the same burst.
        var messages = Enumerable.Range(0, 300).Select(i => i switch
        {
            0 => Message("old", text: "again"),
            1 or 2 => Message("twice", text: $"try {i}"),
            _ => Message($"d{i}", customer: i % 2 == 0 ? $"c{i}" : null, at: T0.AddTicks(i)) with
            {
                GroupId = i % 3 == 0 ? "g1" : null,
                SentAt = i % 5 == 0 ? T0.AddSeconds(i).AddTicks(3) : null,
                Status = i % 5 == 0 ? OutboxStatus.Sent : OutboxStatus.Pending,
                NextAttemptAt = i % 7 == 0 ? T0.AddMinutes(i) : null,
                Attempts = i % 4,
            },
        }).ToArray();

        var stored = await Task.WhenAll(messages.Select(m => outbox.EnqueueAsync(m)));

        Assert.Equal("stored before", stored[0].Text);
        Assert.Equal(stored[1], stored[2]);
        Assert.Equal(messages[3..], stored[3..]);
        Assert.Equal(299, (await outbox.QueryAsync("t1", null, null, 1000)).Count);
    }

    [Fact]
    public async Task Same_delivery_id_in_two_tenants_is_two_messages()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "outbox");
        var outbox = db.OpenOutbox();
        await outbox.EnqueueAsync(Message("d1"));
        await outbox.EnqueueAsync(Message("d1") with { TenantId = "t2" });

        Assert.Single(await outbox.QueryAsync("t1", null, null, 10));
        Assert.Single(await outbox.QueryAsync("t2", null, null, 10));
    }

    [Fact]
    public async Task Query_filters_by_customer_and_group_newest_first()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "outbox");
        var outbox = db.OpenOutbox();
        await outbox.EnqueueAsync(Message("d1", customer: "c1", at: T0));
        await outbox.EnqueueAsync(Message("d2", customer: "c2", at: T0.AddMinutes(1)));
        await outbox.EnqueueAsync(Message("d3", customer: null, group: "g1", at: T0.AddMinutes(2)));
        await outbox.EnqueueAsync(Message("d4", customer: "c1", at: T0.AddMinutes(3)));
        await outbox.EnqueueAsync(Message("d5", customer: "c1", group: "g1", at: T0.AddMinutes(3)));

        Assert.Equal(["d5", "d4", "d3", "d2", "d1"], (await outbox.QueryAsync("t1", null, null, 10)).Select(m => m.DeliveryId));
        Assert.Equal(["d5", "d4", "d1"], (await outbox.QueryAsync("t1", "c1", null, 10)).Select(m => m.DeliveryId));
        Assert.Equal(["d5", "d3"], (await outbox.QueryAsync("t1", null, "g1", 10)).Select(m => m.DeliveryId));
        Assert.Equal(["d5"], (await outbox.QueryAsync("t1", "c1", "g1", 10)).Select(m => m.DeliveryId));
        Assert.Equal(["d5"], (await outbox.QueryAsync("t1", null, null, 1)).Select(m => m.DeliveryId));
        Assert.Empty(await outbox.QueryAsync("t9", null, null, 10));
    }

    [Fact]
    public async Task Pending_messages_come_oldest_first_and_leave_once_marked_sent()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "outbox");
        var outbox = db.OpenOutbox();
        await outbox.EnqueueAsync(Message("d2", at: T0.AddMinutes(1)));
        await outbox.EnqueueAsync(Message("d1", at: T0));
        await outbox.EnqueueAsync(Message("d3", at: T0.AddMinutes(2)));

        Assert.Equal(["d1", "d2"], (await outbox.ReadPendingAsync(2)).Select(m => m.DeliveryId));
        var sentAt = T0.AddMinutes(5).AddTicks(3);
        await outbox.MarkAsync("t1", "d1", OutboxStatus.Sent, sentAt);
        await outbox.MarkAsync("t1", "d2", OutboxStatus.Failed, sentAt);

        Assert.Equal(["d3"], (await outbox.ReadPendingAsync(10)).Select(m => m.DeliveryId));
        var all = (await outbox.QueryAsync("t1", null, null, 10)).ToDictionary(m => m.DeliveryId);
        Assert.Equal((OutboxStatus.Sent, sentAt), (all["d1"].Status, all["d1"].SentAt));
        Assert.Equal((OutboxStatus.Failed, (DateTimeOffset?)null), (all["d2"].Status, all["d2"].SentAt));
    }

    [Fact]
    public async Task Wait_for_pending_returns_at_once_when_messages_are_pending()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "outbox");
        var outbox = db.OpenOutbox();
        await outbox.EnqueueAsync(Message("d1"));

        await outbox.WaitForPendingAsync(CancellationToken.None).WaitAsync(Timeout);
    }

    [Fact]
    public async Task Wait_for_pending_wakes_on_enqueue()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "outbox");
        var outbox = db.OpenOutbox();
        var waiting = outbox.WaitForPendingAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);

        await outbox.EnqueueAsync(Message("d1"));

        await waiting.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Wait_for_pending_wakes_when_another_process_enqueues()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "outbox");
        var sender = db.OpenOutbox(poll: TimeSpan.FromMinutes(10));
        var producer = db.OpenOutbox();
        var waiting = sender.WaitForPendingAsync(CancellationToken.None);
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);

        await producer.EnqueueAsync(Message("d1"));

        // Woken by the trigger's NOTIFY: the poll is far too slow to be what wakes it.
        await waiting.WaitAsync(Timeout);
        Assert.Equal(["d1"], (await sender.ReadPendingAsync(10)).Select(m => m.DeliveryId));
    }

    [Fact]
    public async Task Wait_for_pending_is_cancellable()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "outbox");
        var outbox = db.OpenOutbox();
        using var cts = new CancellationTokenSource();
        var waiting = outbox.WaitForPendingAsync(cts.Token);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    private static OutboxMessage Message(string id, string? customer = "c1", string? group = null, string text = "hello", DateTimeOffset? at = null) =>
        new(id, "t1", "wecom", "p1", customer, group, null, "text", text, at ?? T0, OutboxStatus.Pending, null);
}
