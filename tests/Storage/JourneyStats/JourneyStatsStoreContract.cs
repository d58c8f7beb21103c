using PrivateDomain.Contracts;
using PrivateDomain.Storage;

namespace PrivateDomain.Tests.JourneyStats;

/// <summary>
/// The behaviour every <see cref="IJourneyStatsStore"/> must have, run once per backend (SQLite in tests/Storage,
/// PostgreSQL in tests/Postgres, which compiles this file in).
/// </summary>
public abstract class JourneyStatsStoreContract : IAsyncLifetime
{
    private readonly List<IJourneyStatsStore> _opened = [];

    protected IJourneyStatsStore Store { get; private set; } = null!;

    /// <summary>Opens a new store over this test's database (the first call creates it).</summary>
    protected abstract Task<IJourneyStatsStore> CreateAsync();

    protected abstract ValueTask CloseAsync(IJourneyStatsStore store);

    /// <summary>A store as another process would open it; SQLite has one owner process, so it returns <see cref="Store"/>.</summary>
    protected virtual Task<IJourneyStatsStore> OpenPeerAsync() => OpenAsync();

    public virtual async Task InitializeAsync() => Store = await OpenAsync();

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _opened.Distinct())
            await CloseAsync(store);
    }

    protected async Task<IJourneyStatsStore> OpenAsync()
    {
        var store = await CreateAsync();
        _opened.Add(store);
        return store;
    }

    protected static JourneyStatsUpdate Update(string customer, long seq, params JourneyStatsDelta[] deltas) => new(customer, seq, deltas);

    protected static JourneyStatsDelta Entered(string step = "hello", int version = 1) => new(version, step, JourneyStatKind.JourneyEntered);

    protected static JourneyStatsDelta Step(string step, int version = 1) => new(version, step, JourneyStatKind.StepEntered);

    protected static JourneyStatsDelta Waiting(string step, long amount, int version = 1) => new(version, step, JourneyStatKind.Waiting, Amount: amount);

    private static long Sum(IEnumerable<JourneyStatsRow> rows, JourneyStatKind kind, string? step = null, string? reason = null) =>
        rows.Where(r => r.Kind == kind && (step is null || r.StepId == step) && (reason is null || r.Reason == reason)).Sum(r => r.Amount);

    [Fact]
    public async Task An_update_counts_once_however_often_it_is_delivered()
    {
        Assert.True(await Store.ApplyAsync("t1", "welcome", Update("c1", 1, Entered(), Step("hello"))));
        Assert.False(await Store.ApplyAsync("t1", "welcome", Update("c1", 1, Entered(), Step("hello"))));
        // An older sequence (a replay arriving late) does not count either.
        Assert.True(await Store.ApplyAsync("t1", "welcome", Update("c1", 3, Step("wait"))));
        Assert.False(await Store.ApplyAsync("t1", "welcome", Update("c1", 2, Step("wait"))));

        var rows = await Store.ReadAsync("t1", "welcome");
        Assert.Equal(1, Sum(rows, JourneyStatKind.JourneyEntered));
        Assert.Equal(1, Sum(rows, JourneyStatKind.StepEntered, "hello"));
        Assert.Equal(1, Sum(rows, JourneyStatKind.StepEntered, "wait"));
    }

    [Fact]
    public async Task Sequences_are_per_customer_and_per_journey()
    {
        Assert.True(await Store.ApplyAsync("t1", "welcome", Update("c1", 5, Entered())));
        Assert.True(await Store.ApplyAsync("t1", "welcome", Update("c2", 5, Entered())));
        Assert.True(await Store.ApplyAsync("t1", "promo", Update("c1", 5, Entered())));
        Assert.True(await Store.ApplyAsync("t2", "welcome", Update("c1", 5, Entered())));

        Assert.Equal(2, Sum(await Store.ReadAsync("t1", "welcome"), JourneyStatKind.JourneyEntered));
        Assert.Equal(1, Sum(await Store.ReadAsync("t1", "promo"), JourneyStatKind.JourneyEntered));
        Assert.Equal(1, Sum(await Store.ReadAsync("t2", "welcome"), JourneyStatKind.JourneyEntered));
        Assert.Empty(await Store.ReadAsync("t3", "welcome"));
    }

    [Fact]
    public async Task Rows_come_back_by_version_then_in_first_counted_order_with_reasons()
    {
        await Store.ApplyAsync("t1", "j", Update("c1", 1, Step("b", version: 2), Step("a", version: 2)));
        await Store.ApplyAsync("t1", "j", Update("c1", 2, Step("z"), Step("y")));
        await Store.ApplyAsync("t1", "j", Update("c1", 3, new JourneyStatsDelta(1, "y", JourneyStatKind.Exited, "goal"),
            new JourneyStatsDelta(1, "y", JourneyStatKind.CadenceDeferred, "quiet_hours"), new JourneyStatsDelta(1, "y", JourneyStatKind.Exited, "goal")));

        var rows = await Store.ReadAsync("t1", "j");

        Assert.Equal([(1, "z"), (1, "y"), (2, "b"), (2, "a")],
            rows.Where(r => r.Kind == JourneyStatKind.StepEntered).Select(r => (r.Version, r.StepId)));
        Assert.Equal(2, Sum(rows, JourneyStatKind.Exited, "y", "goal"));
        Assert.Equal(1, Sum(rows, JourneyStatKind.CadenceDeferred, "y", "quiet_hours"));
    }

    [Fact]
    public async Task Waiting_goes_up_and_down()
    {
        await Store.ApplyAsync("t1", "j", Update("c1", 1, Waiting("wait", 1)));
        await Store.ApplyAsync("t1", "j", Update("c2", 1, Waiting("wait", 1)));
        await Store.ApplyAsync("t1", "j", Update("c1", 2, Waiting("wait", -1)));

        Assert.Equal(1, Sum(await Store.ReadAsync("t1", "j"), JourneyStatKind.Waiting, "wait"));
    }

    [Fact]
    public async Task Concurrent_updates_from_many_customers_all_count_once()
    {
        var peer = await OpenPeerAsync();
        // 200 customers × 5 updates, every update sent twice (the second from the peer, as a redelivery would be).
        var sends = Enumerable.Range(0, 200).Select(async c =>
        {
            for (var seq = 1; seq <= 5; seq++)
            {
                var update = Update($"c{c}", seq, Step("s"));
                var both = await Task.WhenAll(Store.ApplyAsync("t1", "j", update), peer.ApplyAsync("t1", "j", update));
                Assert.Equal(1, both.Count(counted => counted));
            }
        });
        await Task.WhenAll(sends);

        Assert.Equal(1_000, Sum(await Store.ReadAsync("t1", "j"), JourneyStatKind.StepEntered, "s"));
    }

    [Fact]
    public async Task Bad_arguments_are_refused_and_change_nothing()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.ApplyAsync("", "j", Update("c1", 1, Entered())));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.ApplyAsync("t1", "j", Update("", 1, Entered())));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.ApplyAsync("t1", "j", Update("c1", 0, Entered())));

        Assert.Empty(await Store.ReadAsync("t1", "j"));
    }
}
