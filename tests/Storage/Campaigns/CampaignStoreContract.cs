using PrivateDomain.Contracts;
using PrivateDomain.Storage;

namespace PrivateDomain.Tests.Campaigns;

/// <summary>
/// What every <see cref="ICampaignStore"/> and <see cref="ICustomerDirectory"/> must do, run once per backend (SQLite
/// in tests/Storage, PostgreSQL in tests/Postgres, which compiles this file in). Times are whole seconds.
/// </summary>
public abstract class CampaignStoreContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private const string Month = "2026-11";

    protected ICampaignStore Store { get; private set; } = null!;
    protected ICustomerDirectory Directory { get; private set; } = null!;
    protected IOutbox Outbox { get; private set; } = null!;

    /// <summary>A fresh, empty store; the three share one database.</summary>
    protected abstract Task<(ICampaignStore Store, ICustomerDirectory Directory, IOutbox Outbox)> CreateAsync();

    protected abstract ValueTask CloseAsync();

    public async Task InitializeAsync() => (Store, Directory, Outbox) = await CreateAsync();

    public virtual async Task DisposeAsync() => await CloseAsync();

    [Fact]
    public async Task A_chunk_placed_again_places_nothing_twice_and_reserves_no_quota_twice()
    {
        var chunk = Chunk("t1", "c1", Post("t1", "c1", "g1", ["u1", "u2", "u3"]), Post("t1", "c1", "g2", ["u4"]), Direct("t1", "c1", "u5"));

        Assert.Equal(new PlacementResult(3, 0, 0, 5), await Store.PlaceAsync(chunk));
        Assert.Equal(new PlacementResult(0, 0, 3, 0), await Store.PlaceAsync(chunk));

        Assert.Equal(1, await Store.QuotaUsedAsync("t1", "g:g1", Month));
        Assert.Equal(1, await Store.QuotaUsedAsync("t1", "c:u5", Month));
        Assert.Equal(3, (await Outbox.QueryAsync("t1", null, null, 10)).Count);
        var counts = await Store.CountsAsync("t1", "c1");
        Assert.Equal((3L, 5L, 3L, 0L), (counts.Deliveries, counts.Recipients, counts.Queued, counts.SkippedQuota));
    }

    [Fact]
    public async Task Quota_is_kept_per_subject_and_period()
    {
        var placed = await Store.PlaceAsync(Chunk("t1", "c1",
            Direct("t1", "c1", "u1", limit: 2, id: "a"), Direct("t1", "c1", "u1", limit: 2, id: "b"), Direct("t1", "c1", "u1", limit: 2, id: "c"),
            Direct("t1", "c1", "u1", limit: 2, id: "d", period: "2026-12"), Direct("t1", "c1", "u2", limit: 2, id: "e")));

        Assert.Equal(new PlacementResult(4, 1, 0, 4), placed);
        Assert.Equal(2, await Store.QuotaUsedAsync("t1", "c:u1", Month));
        Assert.Equal(1, await Store.QuotaUsedAsync("t1", "c:u1", "2026-12"));
        Assert.Equal(1, await Store.QuotaUsedAsync("t1", "c:u2", Month));
        Assert.DoesNotContain(await Outbox.QueryAsync("t1", "u1", null, 10), m => m.DeliveryId == "c1/c");
        var counts = await Store.CountsAsync("t1", "c1");
        Assert.Equal((4L, 1L), (counts.Deliveries, counts.SkippedQuota));
        // Replayed, a skipped delivery stays skipped: it was placed (as skipped) before.
        Assert.Equal(new PlacementResult(0, 0, 5, 0), await Store.PlaceAsync(Chunk("t1", "c1", Direct("t1", "c1", "u1", limit: 2, id: "a"),
            Direct("t1", "c1", "u1", limit: 2, id: "b"), Direct("t1", "c1", "u1", limit: 2, id: "c"),
            Direct("t1", "c1", "u1", limit: 2, id: "d", period: "2026-12"), Direct("t1", "c1", "u2", limit: 2, id: "e"))));
    }

    [Fact]
    public async Task Two_campaigns_competing_for_the_last_unit_get_it_once()
    {
        var results = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(i => Store.PlaceAsync(Chunk("t1", $"c{i}", Direct("t1", $"c{i}", "u1", limit: 1)))));

        Assert.Equal(1, results.Sum(r => r.Placed));
        Assert.Equal(7, results.Sum(r => r.SkippedQuota));
        Assert.Equal(1, await Store.QuotaUsedAsync("t1", "c:u1", Month));
        Assert.Single(await Outbox.QueryAsync("t1", "u1", null, 10));
    }

    [Fact]
    public async Task Held_deliveries_are_not_sent_until_their_task_is_released()
    {
        await Store.PlaceAsync(Chunk("t1", "c1",
            Post("t1", "c1", "g1", ["u1"], task: "k1"), Post("t1", "c1", "g2", ["u2"], task: "k1"), Post("t1", "c1", "g3", ["u3"], task: "k2")));
        Assert.Empty(await Outbox.ReadDueAsync("wecom", T0.AddDays(1), 10));
        Assert.Equal(3, (await Store.CountsAsync("t1", "c1")).Held);

        Assert.Equal(2, await Store.ReleaseTaskAsync("t1", "c1", "k1", paused: false));
        Assert.Equal(0, await Store.ReleaseTaskAsync("t1", "c1", "k1", paused: false));
        Assert.Equal(1, await Store.ReleaseTaskAsync("t1", "c1", "k2", paused: true));

        Assert.Equal(["c1/g1", "c1/g2"], (await Outbox.ReadDueAsync("wecom", T0.AddDays(1), 10)).Select(m => m.DeliveryId).Order());
        var counts = await Store.CountsAsync("t1", "c1");
        Assert.Equal((0L, 2L, 1L), (counts.Held, counts.Queued, counts.Paused));
    }

    [Fact]
    public async Task Paused_deliveries_are_not_sent_until_resumed()
    {
        await Store.PlaceAsync(Chunk("t1", "c1", Direct("t1", "c1", "u1"), Direct("t1", "c1", "u2")));
        await Store.PlaceAsync(Chunk("t1", "other", Direct("t1", "other", "u3")));

        Assert.Equal(2, await Store.PauseAsync("t1", "c1"));
        Assert.Equal(["other/u3"], (await Outbox.ReadDueAsync("wecom", T0.AddDays(1), 10)).Select(m => m.DeliveryId));
        Assert.Equal(2, (await Store.CountsAsync("t1", "c1")).Paused);

        Assert.Equal(2, await Store.ResumeAsync("t1", "c1"));
        Assert.Equal(3, (await Outbox.ReadDueAsync("wecom", T0.AddDays(1), 10)).Count);
        Assert.Equal(0, await Store.ResumeAsync("t1", "c1"));
    }

    [Fact]
    public async Task Cancelling_gives_unsent_quota_back_once_and_keeps_sent_deliveries()
    {
        await Store.PlaceAsync(Chunk("t1", "a", Direct("t1", "a", "u1", limit: 5), Direct("t1", "a", "u2", limit: 5), Post("t1", "a", "g1", ["u3"], task: "k1")));
        await Store.PlaceAsync(Chunk("t1", "b", Direct("t1", "b", "u1", limit: 5)));
        await Outbox.CompleteAsync("t1", "a/u2", OutboxStatus.Sent, 1, T0, null);

        Assert.Equal(1, await Store.CancelAsync("t1", "a", "k1"));
        Assert.Equal(0, await Store.QuotaUsedAsync("t1", "g:g1", Month));
        Assert.Equal(1, await Store.CancelAsync("t1", "a", null));
        Assert.Equal(0, await Store.CancelAsync("t1", "a", null));

        Assert.Equal(1, await Store.QuotaUsedAsync("t1", "c:u1", Month)); // campaign b's unit only
        Assert.Equal(1, await Store.QuotaUsedAsync("t1", "c:u2", Month)); // sent: kept
        Assert.Equal(["b/u1"], (await Outbox.ReadDueAsync("wecom", T0.AddDays(1), 10)).Select(m => m.DeliveryId));
        var counts = await Store.CountsAsync("t1", "a");
        Assert.Equal((2L, 1L, 0L, 0L), (counts.Cancelled, counts.Sent, counts.Queued, counts.Held));
    }

    [Fact]
    public async Task Placing_or_releasing_wakes_the_sender()
    {
        var waiting = Outbox.WaitForPendingAsync(CancellationToken.None);
        await Store.PlaceAsync(Chunk("t1", "c1", Post("t1", "c1", "g1", ["u1"], task: "k1")));
        await Store.ReleaseTaskAsync("t1", "c1", "k1", paused: false);
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Signals_count_the_first_time_only()
    {
        await Store.PlaceAsync(Chunk("t1", "c1", Post("t1", "c1", "g1", ["u1", "u2"]), Direct("t1", "c1", "u3")));

        Assert.True(await Store.RecordSignalAsync("t1", "c1/g1", "u1", CampaignSignal.Read, T0));
        Assert.True(await Store.RecordSignalAsync("t1", "c1/g1", "u1", CampaignSignal.Read, T0.AddMinutes(1)));
        Assert.True(await Store.RecordSignalAsync("t1", "c1/g1", "u2", CampaignSignal.Read, T0));
        Assert.True(await Store.RecordSignalAsync("t1", "c1/g1", "u2", CampaignSignal.Clicked, T0));
        Assert.False(await Store.RecordSignalAsync("t1", "c1/g1", "u3", CampaignSignal.Read, T0));
        Assert.False(await Store.RecordSignalAsync("t1", "nope", "u1", CampaignSignal.Read, T0));

        var counts = await Store.CountsAsync("t1", "c1");
        Assert.Equal((2L, 1L), (counts.Read, counts.Clicked));
        var group = Assert.Single(await Store.GroupResultsAsync("t1", "c1", 10));
        Assert.Equal((2L, 2L, 1L), (group.Members, group.Read, group.Clicked));
    }

    [Fact]
    public async Task A_purchase_is_attributed_within_the_window_once_per_order()
    {
        await Store.SetConversionWindowAsync("t1", "c1", TimeSpan.FromDays(3));
        await Store.PlaceAsync(Chunk("t1", "c1", Direct("t1", "c1", "u1"), Direct("t1", "c1", "u2")));
        Assert.Null(await Store.AttributePurchaseAsync("t1", "u1", "o0", 10m, T0)); // not sent yet
        await Outbox.CompleteAsync("t1", "c1/u1", OutboxStatus.Sent, 1, T0, null);
        await Outbox.CompleteAsync("t1", "c1/u2", OutboxStatus.Sent, 1, T0, null);

        Assert.Null(await Store.AttributePurchaseAsync("t1", "u1", "early", 10m, T0.AddSeconds(-1)));
        Assert.Equal("c1", await Store.AttributePurchaseAsync("t1", "u1", "o1", 12.5m, T0.AddDays(1)));
        Assert.Equal("c1", await Store.AttributePurchaseAsync("t1", "u1", "o1", 12.5m, T0.AddDays(1)));
        Assert.Null(await Store.AttributePurchaseAsync("t1", "u1", "o2", 5m, T0.AddDays(2))); // already converted
        Assert.Null(await Store.AttributePurchaseAsync("t1", "u2", "o3", 5m, T0.AddDays(4))); // window over
        Assert.Null(await Store.AttributePurchaseAsync("t2", "u2", "o4", 5m, T0.AddDays(1))); // other tenant

        var counts = await Store.CountsAsync("t1", "c1");
        Assert.Equal((1L, 12.5m, 2L, 2L), (counts.Converted, counts.Revenue, counts.Sent, counts.Reached));
    }

    [Fact]
    public async Task Concurrent_purchases_each_get_their_own_answer()
    {
        // Many customers buying at once (a store may join them into one look): only the one a campaign reached is attributed,
        // an order attributed before answers its campaign again, and the others are nobody's.
        await Store.PlaceAsync(Chunk("t1", "c1", Direct("t1", "c1", "u1"), Direct("t1", "c1", "u2")));
        await Outbox.CompleteAsync("t1", "c1/u1", OutboxStatus.Sent, 1, T0, null);
        await Outbox.CompleteAsync("t1", "c1/u2", OutboxStatus.Sent, 1, T0, null);
        Assert.Equal("c1", await Store.AttributePurchaseAsync("t1", "u2", "before", 1m, T0.AddHours(1)));

        var buyers = Enumerable.Range(0, 300).Select(i => i == 150 ? ("u1", "o-u1") : i == 151 ? ("u2", "before") : ($"x{i}", $"o{i}")).ToArray();
        var answers = await Task.WhenAll(buyers.Select(b => Store.AttributePurchaseAsync("t1", b.Item1, b.Item2, 2m, T0.AddHours(2))));

        Assert.Equal(["c1", "c1"], answers.Where(a => a is not null));
        Assert.Equal("c1", answers[150]);
        Assert.Equal("c1", answers[151]);
        var counts = await Store.CountsAsync("t1", "c1");
        Assert.Equal((2L, 3m), (counts.Converted, counts.Revenue));
    }

    [Fact]
    public async Task Concurrent_directory_upserts_all_land_and_the_last_of_one_customer_wins()
    {
        var first = Enumerable.Range(0, 400).Select(i => Directory.UpsertAsync([Customer("t1", $"c{i:D3}", i % 2 == 0 ? ["even"] : [])]));
        await Task.WhenAll(first);
        // One customer's later calls (a grain's are in order) end with its last.
        foreach (var name in new[] { "one", "two", "three" })
            await Directory.UpsertAsync([Customer("t1", "c007", ["even"]) with { Name = name }]);

        Assert.Equal(400, (await Directory.PageAsync("t1", null, null, true, null, 1000)).Count);
        Assert.Equal(201, (await Directory.PageAsync("t1", null, ["even"], false, null, 1000)).Count);
        Assert.Equal("three", Assert.Single(await Directory.PageAsync("t1", ["c007"], null, false, null, 10)).Name);
    }

    [Fact]
    public async Task The_latest_sent_delivery_takes_the_purchase()
    {
        await Store.PlaceAsync(Chunk("t1", "old", Direct("t1", "old", "u1")));
        await Store.PlaceAsync(Chunk("t1", "new", Direct("t1", "new", "u1")));
        await Outbox.CompleteAsync("t1", "old/u1", OutboxStatus.Sent, 1, T0, null);
        await Outbox.CompleteAsync("t1", "new/u1", OutboxStatus.Sent, 1, T0.AddHours(1), null);

        Assert.Equal("new", await Store.AttributePurchaseAsync("t1", "u1", "o1", 1m, T0.AddHours(2)));
        Assert.Equal("old", await Store.AttributePurchaseAsync("t1", "u1", "o2", 1m, T0.AddHours(3)));
        Assert.Null(await Store.AttributePurchaseAsync("t1", "u1", "o3", 1m, T0.AddHours(4)));
    }

    [Fact]
    public async Task Group_results_list_the_largest_groups_first_with_their_status()
    {
        await Store.PlaceAsync(Chunk("t1", "c1", Post("t1", "c1", "small", ["u1"]), Post("t1", "c1", "big", ["u2", "u3", "u4"]),
            Post("t1", "c1", "mid", ["u5", "u6"]), Direct("t1", "c1", "u7")));
        await Outbox.CompleteAsync("t1", "c1/big", OutboxStatus.Sent, 1, T0, null);
        await Outbox.CompleteAsync("t1", "c1/mid", OutboxStatus.Failed, 3, T0, "down");
        Assert.Equal("c1", await Store.AttributePurchaseAsync("t1", "u3", "o1", 99.99m, T0.AddHours(1)));

        var results = await Store.GroupResultsAsync("t1", "c1", 2);

        Assert.Equal(
            [new CampaignGroupResult("big", OutboxStatus.Sent, 3, 0, 0, 1, 99.99m), new CampaignGroupResult("mid", OutboxStatus.Failed, 2, 0, 0, 0, 0m)],
            results);
        var counts = await Store.CountsAsync("t1", "c1");
        Assert.Equal((4L, 7L, 1L, 1L, 2L, 3L), (counts.Deliveries, counts.Recipients, counts.Sent, counts.Failed, counts.Queued, counts.Reached));
    }

    [Fact]
    public async Task Tenants_with_the_same_ids_are_kept_apart()
    {
        await Store.PlaceAsync(Chunk("t1", "c1", Direct("t1", "c1", "u1", limit: 1)));
        var second = await Store.PlaceAsync(Chunk("t2", "c1", Direct("t2", "c1", "u1", limit: 1), Post("t2", "c1", "g1", ["u1", "u2"])));

        Assert.Equal(new PlacementResult(2, 0, 0, 3), second);
        Assert.Equal(1, await Store.QuotaUsedAsync("t2", "c:u1", Month));
        Assert.Equal(1, await Store.PauseAsync("t1", "c1"));
        Assert.Equal((1L, 1L, 0L), ((await Store.CountsAsync("t1", "c1")).Deliveries, (await Store.CountsAsync("t1", "c1")).Paused, (await Store.CountsAsync("t1", "c1")).Queued));
        Assert.Equal((2L, 3L, 2L), ((await Store.CountsAsync("t2", "c1")).Deliveries, (await Store.CountsAsync("t2", "c1")).Recipients, (await Store.CountsAsync("t2", "c1")).Queued));
        Assert.True(await Store.RecordSignalAsync("t2", "c1/u1", "u1", CampaignSignal.Read, T0));
        Assert.Equal(0, (await Store.CountsAsync("t1", "c1")).Read);
        Assert.Equal(CampaignCounts.Zero, await Store.CountsAsync("t3", "c1"));
    }

    [Fact]
    public async Task Directory_upserts_and_pages_by_ids_tags_or_all()
    {
        await Directory.UpsertAsync([
            Customer("t1", "a", ["vip"]), Customer("t1", "b", ["vip", "new"]), Customer("t1", "c", ["new"]),
            Customer("t1", "d", []), Customer("t1", "e", ["vip"]), Customer("t2", "a", ["vip"]),
        ]);
        await Directory.UpsertAsync([Customer("t1", "e", ["vip"]) with { Removed = true }, Customer("t1", "d", ["vip"]) with { Name = "Dee", PurchaseTotal = 12.34m }]);

        Assert.Equal(["a", "b", "c", "d"], await Ids(null, null, all: true, null, 10));
        Assert.Equal(["c", "d"], await Ids(null, null, all: true, "b", 10));
        Assert.Equal(["a", "b"], await Ids(null, ["vip"], all: false, null, 2));
        Assert.Equal(["d"], await Ids(null, ["vip"], all: false, "b", 2));
        Assert.Equal(["a", "b", "c", "d"], await Ids(null, ["vip", "new"], all: false, null, 10));
        Assert.Equal(["c", "d"], await Ids(["c", "e", "zz"], ["vip"], all: false, "b", 10));
        Assert.Equal(["a"], (await Directory.PageAsync("t2", null, null, true, null, 10)).Select(e => e.CustomerId));

        var dee = Assert.Single(await Directory.PageAsync("t1", ["d"], null, false, null, 10));
        Assert.Equal(("Dee", 12.34m, "p1", "Asia/Shanghai", 3, T0), (dee.Name, dee.PurchaseTotal, dee.OwnerPersonaId, dee.TimeZone, dee.PurchaseCount, dee.LastPurchaseAt));
        Assert.Equal(["vip"], dee.Tags);
    }

    private async Task<string[]> Ids(string[]? ids, string[]? tags, bool all, string? after, int limit) =>
        (await Directory.PageAsync("t1", ids, tags, all, after, limit)).Select(e => e.CustomerId).ToArray();

    protected static CustomerDirectoryEntry Customer(string tenant, string id, string[] tags) =>
        new(tenant, id, "p1", "ag1", null, "Asia/Shanghai", tags, 3, 0m, T0, false);

    protected static CampaignChunk Chunk(string tenant, string campaign, params PlannedDelivery[] deliveries) => new(tenant, campaign, deliveries);

    /// <summary>A group post (held under <paramref name="task"/> when given), delivery id "{campaign}/{group}".</summary>
    protected static PlannedDelivery Post(string tenant, string campaign, string group, string[] members, string? task = null, int limit = 4) =>
        new(Message(tenant, $"{campaign}/{group}", null, group, task is null ? OutboxStatus.Pending : OutboxStatus.Held),
            task, new QuotaClaim($"g:{group}", Month, limit), members);

    /// <summary>A 1:1 message, delivery id "{campaign}/{id ?? customer}".</summary>
    protected static PlannedDelivery Direct(string tenant, string campaign, string customer, int limit = 4, string? id = null, string period = Month) =>
        new(Message(tenant, $"{campaign}/{id ?? customer}", customer, null, OutboxStatus.Pending),
            null, new QuotaClaim($"c:{customer}", period, limit), [customer]);

    private static OutboxMessage Message(string tenant, string deliveryId, string? customer, string? group, string status) =>
        new(deliveryId, tenant, "wecom", "p1", customer, group, "ag1", "text", "双十一 hello", T0, status, null);
}
