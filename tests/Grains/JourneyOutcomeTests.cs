using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Groups;
using PrivateDomain.Grains.Journeys.Hosting;
using static PrivateDomain.Tests.Grains.Events;

namespace PrivateDomain.Tests.Grains;

/// <summary>How a journey's add_to_group ended, as the pool answers it, on the customer's timeline: once, however often the effect replays.</summary>
public abstract class JourneyOutcomeTests(ClusterFixture fx)
{
    [Collection(SqliteCollection.Name)]
    public sealed class Sqlite(SqliteClusterFixture fx) : JourneyOutcomeTests(fx);

    [Collection(PostgresCollection.Name)]
    public sealed class Postgres(PostgresClusterFixture fx) : JourneyOutcomeTests(fx);

    private ILiveCodePoolGrain Pool(string tenant, string pool) => fx.Grains.GetGrain<ILiveCodePoolGrain>(TenantKey.Compose(tenant, pool));

    private ICustomerGrain Customer(string tenant, string customer) => fx.Grains.GetGrain<ICustomerGrain>(TenantKey.Compose(tenant, customer));

    private static GroupPoolSettings Settings(string owner) => new("Skincare fans", owner, false, 200, 50, 60, [], "Welcome! Join");

    /// <summary>Publishes the journey, adds a customer owned by <paramref name="persona"/> and waits for the pool's outcome on their timeline.</summary>
    private async Task<TimelineEntry> RoutedAsync(string tenant, string poolId, string persona, string customer)
    {
        await Journeys.PublishAsync(fx.Grains, tenant, Journeys.JoinGroup(poolId));
        await Customer(tenant, customer).DeliverAsync(await fx.AppendAsync(tenant, Make(EventTypes.CustomerAdded, customer, "{}", persona)));
        var timeline = await EventuallyAsync(async () => (await Customer(tenant, customer).GetAsync()).Timeline,
            t => t.Any(e => e.EventId?.EndsWith(PoolOutcomes.Suffix, StringComparison.Ordinal) == true));
        return Assert.Single(timeline, e => e.EventId?.EndsWith(PoolOutcomes.Suffix, StringComparison.Ordinal) == true);
    }

    /// <summary>What the customer's add_to_group effect does when it runs again after a crash: the same request to the pool.</summary>
    private Task<PoolRouting> ReplayAsync(string tenant, string poolId, string persona, string customer, TimelineEntry outcome) =>
        Pool(tenant, poolId).RouteAsync(new PoolRouteRequest(outcome.EventId![..^PoolOutcomes.Suffix.Length], customer, [], persona, null, ClusterFixture.Now));

    private async Task<IReadOnlyList<TimelineEntry>> OutcomesAsync(string tenant, string customer) =>
        (await Customer(tenant, customer).GetAsync()).Timeline.Where(e => e.Kind is CustomerOutcomes.Outcome or CustomerOutcomes.Failed).ToList();

    [Fact]
    public async Task The_group_a_pool_routes_to_is_on_the_customers_timeline_once_when_the_effect_replays()
    {
        var (tenant, poolId, persona, customer) = (NewId("t"), NewId("pool"), NewId("p"), NewId("c"));
        await Pool(tenant, poolId).ConfigureAsync(Settings(persona));
        var view = await Pool(tenant, poolId).PutGroupAsync(new PoolGroupSettings("skin", "Skincare", 200, [], null, "https://example.test/join/skin"));
        var code = view!.Groups.Single().CodeId;

        var outcome = await RoutedAsync(tenant, poolId, persona, customer);
        var replay = await ReplayAsync(tenant, poolId, persona, customer, outcome);

        Assert.Equal(CustomerOutcomes.Outcome, outcome.Kind);
        Assert.Equal($"Invited to group Skincare (skin, live code {code}) of pool Skincare fans ({poolId}); seat reserved", outcome.Summary);
        Assert.Equal((PoolOutcome.Reserved, "skin"), (replay.Outcome, replay.GroupId));
        Assert.Equal([outcome], await OutcomesAsync(tenant, customer));
    }

    [Fact]
    public async Task A_full_pool_is_on_the_timeline_and_the_owners_console_once_when_the_effect_replays()
    {
        var (tenant, poolId, persona, customer) = (NewId("t"), NewId("pool"), NewId("p"), NewId("c"));
        await Pool(tenant, poolId).ConfigureAsync(Settings(persona));
        await Pool(tenant, poolId).PutGroupAsync(new PoolGroupSettings("only", "Only", 1, [], null, null));
        var member = Make(EventTypes.MemberJoined, NewId("m"), group: "only");
        await fx.Grains.GetGrain<IGroupGrain>(TenantKey.Compose(tenant, "only")).DeliverAsync(await fx.AppendAsync(tenant, member));

        var outcome = await RoutedAsync(tenant, poolId, persona, customer);
        var replay = await ReplayAsync(tenant, poolId, persona, customer, outcome);

        Assert.Equal(PoolOutcome.Full, replay.Outcome);
        Assert.Equal(CustomerOutcomes.Failed, outcome.Kind);
        Assert.StartsWith($"Not added to a group of pool Skincare fans ({poolId}): every group is full", outcome.Summary);
        Assert.Equal([outcome], await OutcomesAsync(tenant, customer));
        var feed = await EventuallyAsync(() => fx.Grains.GetGrain<IPersonaGrain>(TenantKey.Compose(tenant, persona)).GetFeedAsync(0, 50),
            page => page.Items.Any(i => i.Kind == CustomerOutcomes.Failed));
        var item = Assert.Single(feed.Items, i => i.Kind == CustomerOutcomes.Failed);
        Assert.Equal((customer, outcome.EventId, outcome.Summary), (item.CustomerId, item.EventId, item.Text));
    }

    [Fact]
    public async Task An_unknown_pool_is_on_the_timeline_as_a_failure()
    {
        var (tenant, poolId, persona, customer) = (NewId("t"), NewId("pool"), NewId("p"), NewId("c"));

        var outcome = await RoutedAsync(tenant, poolId, persona, customer);
        await ReplayAsync(tenant, poolId, persona, customer, outcome);

        Assert.Equal((CustomerOutcomes.Failed, $"Not added to a group: there is no pool {poolId}"), (outcome.Kind, outcome.Summary));
        Assert.Equal([outcome], await OutcomesAsync(tenant, customer));
    }
}
