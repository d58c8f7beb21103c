using Microsoft.Extensions.Options;
using PrivateDomain.Contracts;
using PrivateDomain.Storage;
using PrivateDomain.Storage.Sqlite;

namespace PrivateDomain.Tests.Storage;

public sealed class OutboxTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory = new();
    private readonly SqliteOutbox _outbox;

    public OutboxTests() => _outbox = new SqliteOutbox(Options.Create(new StorageOptions { DataDirectory = _directory.Path }));

    [Fact]
    public async Task Enqueued_message_is_stored_as_given()
    {
        var message = Message("d1", customer: "c1", at: T0.AddTicks(7)) with { AgentId = "a1" };

        var stored = await _outbox.EnqueueAsync(message);

        Assert.Equal(message, stored);
    }

    [Fact]
    public async Task Enqueueing_the_same_delivery_id_again_keeps_the_first()
    {
        var first = await _outbox.EnqueueAsync(Message("d1", text: "first"));

        var again = await _outbox.EnqueueAsync(Message("d1", text: "second"));

        Assert.Equal(first, again);
        Assert.Single(await _outbox.QueryAsync("t1", null, null, 10));
    }

    [Fact]
    public async Task Same_delivery_id_in_two_tenants_is_two_messages()
    {
        await _outbox.EnqueueAsync(Message("d1"));
        await _outbox.EnqueueAsync(Message("d1") with { TenantId = "t2" });

        Assert.Single(await _outbox.QueryAsync("t1", null, null, 10));
        Assert.Single(await _outbox.QueryAsync("t2", null, null, 10));
    }

    [Fact]
    public async Task Query_filters_by_customer_and_group_newest_first()
    {
        await _outbox.EnqueueAsync(Message("d1", customer: "c1", at: T0));
        await _outbox.EnqueueAsync(Message("d2", customer: "c2", at: T0.AddMinutes(1)));
        await _outbox.EnqueueAsync(Message("d3", customer: null, group: "g1", at: T0.AddMinutes(2)));
        await _outbox.EnqueueAsync(Message("d4", customer: "c1", at: T0.AddMinutes(3)));

        Assert.Equal(["d4", "d3", "d2", "d1"], (await _outbox.QueryAsync("t1", null, null, 10)).Select(m => m.DeliveryId));
        Assert.Equal(["d4", "d1"], (await _outbox.QueryAsync("t1", "c1", null, 10)).Select(m => m.DeliveryId));
        Assert.Equal(["d3"], (await _outbox.QueryAsync("t1", null, "g1", 10)).Select(m => m.DeliveryId));
        Assert.Equal(["d4"], (await _outbox.QueryAsync("t1", null, null, 1)).Select(m => m.DeliveryId));
        Assert.Empty(await _outbox.QueryAsync("t9", null, null, 10));
    }

    [Fact]
    public async Task Pending_messages_come_oldest_first_and_leave_once_marked_sent()
    {
        await _outbox.EnqueueAsync(Message("d2", at: T0.AddMinutes(1)));
        await _outbox.EnqueueAsync(Message("d1", at: T0));
        await _outbox.EnqueueAsync(Message("d3", at: T0.AddMinutes(2)));

        Assert.Equal(["d1", "d2"], (await _outbox.ReadPendingAsync(2)).Select(m => m.DeliveryId));
        var sentAt = T0.AddMinutes(5).AddTicks(3);
        await _outbox.MarkAsync("t1", "d1", OutboxStatus.Sent, sentAt);
        await _outbox.MarkAsync("t1", "d2", OutboxStatus.Failed, sentAt);

        Assert.Equal(["d3"], (await _outbox.ReadPendingAsync(10)).Select(m => m.DeliveryId));
        var all = (await _outbox.QueryAsync("t1", null, null, 10)).ToDictionary(m => m.DeliveryId);
        Assert.Equal((OutboxStatus.Sent, sentAt), (all["d1"].Status, all["d1"].SentAt));
        Assert.Equal((OutboxStatus.Failed, (DateTimeOffset?)null), (all["d2"].Status, all["d2"].SentAt));
    }

    [Fact]
    public async Task Wait_for_pending_returns_at_once_when_messages_are_pending()
    {
        await _outbox.EnqueueAsync(Message("d1"));

        await _outbox.WaitForPendingAsync(CancellationToken.None).WaitAsync(Timeout);
    }

    [Fact]
    public async Task Wait_for_pending_wakes_on_enqueue()
    {
        var waiting = _outbox.WaitForPendingAsync(CancellationToken.None);
        await Task.Yield();
        Assert.False(waiting.IsCompleted);

        await _outbox.EnqueueAsync(Message("d1"));

        await waiting.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Wait_for_pending_is_cancellable()
    {
        using var cts = new CancellationTokenSource();
        var waiting = _outbox.WaitForPendingAsync(cts.Token);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    public void Dispose()
    {
        _outbox.Dispose();
        _directory.Dispose();
    }

    private static OutboxMessage Message(string id, string? customer = "c1", string? group = null, string text = "hello", DateTimeOffset? at = null) =>
        new(id, "t1", "wecom", "p1", customer, group, null, "text", text, at ?? T0, OutboxStatus.Pending, null);
}
