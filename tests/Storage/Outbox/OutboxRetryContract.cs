using System.Diagnostics;
using PrivateDomain.Contracts;
using PrivateDomain.Storage;

namespace PrivateDomain.Tests.Outbox;

/// <summary>
/// Retry scheduling every <see cref="IOutbox"/> must support, run once per backend (SQLite in tests/Storage,
/// PostgreSQL in tests/Postgres, which compiles this file in). Times are whole seconds, which both keep exactly.
/// </summary>
public abstract class OutboxRetryContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    protected IOutbox Outbox { get; private set; } = null!;

    protected abstract Task<IOutbox> CreateAsync();

    protected abstract ValueTask CloseAsync(IOutbox outbox);

    public async Task InitializeAsync() => Outbox = await CreateAsync();

    public virtual async Task DisposeAsync() => await CloseAsync(Outbox);

    [Fact]
    public async Task Webhook_target_and_secret_name_round_trip()
    {
        var message = Hook("d1") with { Target = "https://crm.example/h", SecretName = "crm" };

        Assert.Equal(message, await Outbox.EnqueueAsync(message));
        Assert.Equal(message, Assert.Single(await Outbox.QueryAsync("t1", null, null, 10)));
    }

    [Fact]
    public async Task Due_reads_one_channel_oldest_first()
    {
        await Outbox.EnqueueAsync(Hook("h2", at: T0.AddSeconds(2)));
        await Outbox.EnqueueAsync(Hook("h1", at: T0.AddSeconds(1)));
        await Outbox.EnqueueAsync(Hook("w1", at: T0) with { Channel = "wecom" });

        Assert.Equal(["h1", "h2"], Ids(await Outbox.ReadDueAsync(WebhookDelivery.Channel, T0, 10)));
        Assert.Equal(["h1"], Ids(await Outbox.ReadDueAsync(WebhookDelivery.Channel, T0, 1)));
        Assert.Equal(["w1"], Ids(await Outbox.ReadDueAsync("wecom", T0, 10)));
        Assert.Equal([WebhookDelivery.Channel, "wecom"], await Outbox.PendingChannelsAsync());
    }

    [Fact]
    public async Task A_scheduled_retry_stays_pending_and_is_due_only_from_its_next_attempt()
    {
        await Outbox.EnqueueAsync(Hook("d1"));
        await Outbox.EnqueueAsync(Hook("d2", at: T0.AddSeconds(1)));

        await Outbox.ScheduleRetryAsync("t1", "d1", 1, T0.AddSeconds(30), "HTTP 500");

        var stored = Assert.Single(await Outbox.QueryAsync("t1", null, null, 10), m => m.DeliveryId == "d1");
        Assert.Equal((OutboxStatus.Pending, 1, (DateTimeOffset?)T0.AddSeconds(30), "HTTP 500"), (stored.Status, stored.Attempts, stored.NextAttemptAt, stored.LastError));
        Assert.Equal(["d2"], Ids(await Outbox.ReadDueAsync(WebhookDelivery.Channel, T0.AddSeconds(29), 10)));
        Assert.Equal(["d1", "d2"], Ids(await Outbox.ReadDueAsync(WebhookDelivery.Channel, T0.AddSeconds(30), 10)));
        Assert.Equal(stored, (await Outbox.ReadDueAsync(WebhookDelivery.Channel, T0.AddSeconds(30), 10))[0]);
    }

    [Fact]
    public async Task Completing_records_the_outcome_and_ends_retrying()
    {
        await Outbox.EnqueueAsync(Hook("sent"));
        await Outbox.EnqueueAsync(Hook("failed"));
        await Outbox.ScheduleRetryAsync("t1", "sent", 1, T0.AddSeconds(10), "HTTP 503");

        await Outbox.CompleteAsync("t1", "sent", OutboxStatus.Sent, 2, T0.AddSeconds(11), null);
        await Outbox.CompleteAsync("t1", "failed", OutboxStatus.Failed, 1, T0.AddSeconds(12), "HTTP 404");

        var all = (await Outbox.QueryAsync("t1", null, null, 10)).ToDictionary(m => m.DeliveryId);
        Assert.Equal((OutboxStatus.Sent, 2, (DateTimeOffset?)T0.AddSeconds(11), (DateTimeOffset?)null, (string?)null),
            (all["sent"].Status, all["sent"].Attempts, all["sent"].SentAt, all["sent"].NextAttemptAt, all["sent"].LastError));
        Assert.Equal((OutboxStatus.Failed, 1, (DateTimeOffset?)null, "HTTP 404"),
            (all["failed"].Status, all["failed"].Attempts, all["failed"].SentAt, all["failed"].LastError));
        Assert.Empty(await Outbox.ReadDueAsync(WebhookDelivery.Channel, T0.AddDays(1), 10));
        Assert.Empty(await Outbox.PendingChannelsAsync());
    }

    [Fact]
    public async Task A_finished_message_is_not_reopened_by_a_late_retry_or_outcome()
    {
        await Outbox.EnqueueAsync(Hook("d1"));
        await Outbox.CompleteAsync("t1", "d1", OutboxStatus.Sent, 1, T0.AddSeconds(1), null);

        await Outbox.ScheduleRetryAsync("t1", "d1", 2, T0.AddSeconds(5), "late");
        await Outbox.CompleteAsync("t1", "d1", OutboxStatus.Failed, 3, T0.AddSeconds(6), "late");

        var stored = Assert.Single(await Outbox.QueryAsync("t1", null, null, 10));
        Assert.Equal((OutboxStatus.Sent, 1, (string?)null), (stored.Status, stored.Attempts, stored.LastError));
    }

    [Fact]
    public async Task Deferred_messages_come_back_at_their_own_times_and_keep_their_place_by_creation()
    {
        await Outbox.EnqueueAsync(Hook("a"));
        await Outbox.EnqueueAsync(Hook("b", at: T0.AddSeconds(1)));
        await Outbox.EnqueueAsync(Hook("c", at: T0.AddSeconds(2)));

        await Outbox.DeferAsync([new OutboxDeferral("t1", "a", T0.AddSeconds(60)), new OutboxDeferral("t1", "b", T0.AddSeconds(30))]);

        var stored = (await Outbox.QueryAsync("t1", null, null, 10)).ToDictionary(m => m.DeliveryId);
        Assert.Equal((OutboxStatus.Pending, 0, (DateTimeOffset?)T0.AddSeconds(60), (string?)null),
            (stored["a"].Status, stored["a"].Attempts, stored["a"].NextAttemptAt, stored["a"].LastError));
        Assert.Equal(["c"], Ids(await Outbox.ReadDueAsync(WebhookDelivery.Channel, T0.AddSeconds(29), 10)));
        Assert.Equal(["b", "c"], Ids(await Outbox.ReadDueAsync(WebhookDelivery.Channel, T0.AddSeconds(30), 10)));
        Assert.Equal(["a", "b", "c"], Ids(await Outbox.ReadDueAsync(WebhookDelivery.Channel, T0.AddSeconds(60), 10)));
        Assert.Equal(["a", "b"], Ids(await Outbox.ReadDueAsync(WebhookDelivery.Channel, T0.AddSeconds(60), 2)));
    }

    [Fact]
    public async Task Deferring_leaves_finished_and_unknown_messages_alone()
    {
        await Outbox.EnqueueAsync(Hook("sent"));
        await Outbox.EnqueueAsync(Hook("pending"));
        await Outbox.CompleteAsync("t1", "sent", OutboxStatus.Sent, 1, T0.AddSeconds(1), null);

        await Outbox.DeferAsync([]);
        await Outbox.DeferAsync([new OutboxDeferral("t1", "sent", T0.AddSeconds(60)), new OutboxDeferral("t1", "nobody", T0.AddSeconds(60)),
            new OutboxDeferral("t2", "pending", T0.AddSeconds(60))]);

        var all = (await Outbox.QueryAsync("t1", null, null, 10)).ToDictionary(m => m.DeliveryId);
        Assert.Equal(2, all.Count);
        Assert.Equal((OutboxStatus.Sent, (DateTimeOffset?)null), (all["sent"].Status, all["sent"].NextAttemptAt));
        Assert.Equal((OutboxStatus.Pending, (DateTimeOffset?)null), (all["pending"].Status, all["pending"].NextAttemptAt));
        Assert.Equal(["pending"], Ids(await Outbox.ReadDueAsync(WebhookDelivery.Channel, T0, 10)));
    }

    [Fact]
    public async Task A_backlog_put_back_into_the_future_neither_hides_due_messages_nor_wakes_the_sender_early()
    {
        // One persona's backlog, each message put back to a later token (as the lane does), then a message of another persona.
        var backlog = Enumerable.Range(0, 100).Select(i => Hook($"slow-{i:D3}", at: T0.AddMilliseconds(i))).ToList();
        await Task.WhenAll(backlog.Select(m => Outbox.EnqueueAsync(m)));
        var now = TimeProvider.System.GetUtcNow();
        await Outbox.DeferAsync(backlog.Select((m, i) => new OutboxDeferral("t1", m.DeliveryId, now.AddMinutes(10).AddSeconds(i))).ToList());
        Assert.Empty(await Outbox.ReadDueAsync(WebhookDelivery.Channel, now, 10));

        // Nothing is due: the wait lasts until its maximum (the backlog's first token is minutes away).
        var clock = Stopwatch.StartNew();
        await Outbox.WaitForDueAsync(WebhookDelivery.Channel, TimeProvider.System, TimeSpan.FromMilliseconds(300), CancellationToken.None).WaitAsync(Timeout);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(250), $"woke after {clock.Elapsed.TotalMilliseconds:F0} ms with nothing due");

        await Outbox.EnqueueAsync(Hook("fast", at: T0.AddSeconds(5)));
        await Outbox.WaitForDueAsync(WebhookDelivery.Channel, TimeProvider.System, TimeSpan.FromMinutes(5), CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(["fast"], Ids(await Outbox.ReadDueAsync(WebhookDelivery.Channel, now, 10)));
        Assert.Equal(["slow-000", "slow-001"], Ids(await Outbox.ReadDueAsync(WebhookDelivery.Channel, now.AddMinutes(10).AddSeconds(1), 2)));
    }

    [Fact]
    public async Task Wait_for_due_returns_at_once_when_a_message_is_due()
    {
        await Outbox.EnqueueAsync(Hook("d1"));

        await Outbox.WaitForDueAsync(WebhookDelivery.Channel, TimeProvider.System, TimeSpan.FromMinutes(5), CancellationToken.None).WaitAsync(Timeout);
    }

    [Fact]
    public async Task Wait_for_due_sleeps_until_the_next_attempt_and_ignores_other_channels()
    {
        await Outbox.EnqueueAsync(Hook("w1") with { Channel = "wecom" });
        await Outbox.EnqueueAsync(Hook("d1"));
        var next = TimeProvider.System.GetUtcNow().AddMilliseconds(700);
        await Outbox.ScheduleRetryAsync("t1", "d1", 1, next, "HTTP 500");

        var clock = Stopwatch.StartNew();
        await Outbox.WaitForDueAsync(WebhookDelivery.Channel, TimeProvider.System, TimeSpan.FromMinutes(5), CancellationToken.None).WaitAsync(Timeout);

        Assert.True(TimeProvider.System.GetUtcNow() >= next.AddMilliseconds(-20), $"woke {next - TimeProvider.System.GetUtcNow()} early");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Wait_for_due_wakes_on_enqueue()
    {
        var waiting = Outbox.WaitForDueAsync(WebhookDelivery.Channel, TimeProvider.System, TimeSpan.FromMinutes(5), CancellationToken.None);
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);

        await Outbox.EnqueueAsync(Hook("d1"));

        await waiting.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Wait_for_due_gives_up_after_the_maximum_wait()
    {
        await Outbox.WaitForDueAsync(WebhookDelivery.Channel, TimeProvider.System, TimeSpan.FromMilliseconds(200), CancellationToken.None).WaitAsync(Timeout);
    }

    protected static OutboxMessage Hook(string id, DateTimeOffset? at = null) =>
        new(id, "t1", WebhookDelivery.Channel, "", "c1", null, null, WebhookDelivery.Channel, "{}", at ?? T0, OutboxStatus.Pending, null);

    private static IEnumerable<string> Ids(IEnumerable<OutboxMessage> messages) => messages.Select(m => m.DeliveryId);
}
