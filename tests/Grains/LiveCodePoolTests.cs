using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Groups;
using static PrivateDomain.Tests.Grains.Events;

namespace PrivateDomain.Tests.Grains;

/// <summary>Live-code pools routing customers a journey sends them, with groups fed by the log as in production.</summary>
public abstract class LiveCodePoolTests(ClusterFixture fx)
{
    [Collection(SqliteCollection.Name)]
    public sealed class Sqlite(SqliteClusterFixture fx) : LiveCodePoolTests(fx);

    [Collection(PostgresCollection.Name)]
    public sealed class Postgres(PostgresClusterFixture fx) : LiveCodePoolTests(fx);

    private ILiveCodePoolGrain Pool(string tenant, string pool) => fx.Grains.GetGrain<ILiveCodePoolGrain>(TenantKey.Compose(tenant, pool));

    private static GroupPoolSettings Settings(string? owner, bool autoOpen = false) =>
        new("Skincare fans", owner, autoOpen, 200, 50, 60, ["overflow"], "Welcome! Join");

    private async Task FillAsync(string tenant, string groupId, int members)
    {
        var joins = Enumerable.Range(1, members).Select(i => Make(EventTypes.MemberJoined, NewId("m"), group: groupId)).ToArray();
        await fx.Grains.GetGrain<IGroupGrain>(TenantKey.Compose(tenant, groupId)).DeliverAsync(await fx.AppendAsync(tenant, joins));
    }

    private async Task<OutboxMessage> InviteAsync(string tenant, string customer) =>
        Assert.Single(await EventuallyAsync(() => fx.Outbox.QueryAsync(tenant, customer, null, 10), m => m.Count > 0));

    [Fact]
    public async Task Journey_add_to_group_routes_three_customers_by_tags_and_occupancy_and_skips_the_full_group()
    {
        var (tenant, poolId, persona) = (NewId("t"), NewId("pool"), NewId("p"));
        var pool = Pool(tenant, poolId);
        await pool.ConfigureAsync(Settings(persona));
        // "vip" would win for the tagged customers on tags alone, but it is full.
        await pool.PutGroupAsync(new PoolGroupSettings("vip", "VIP", 2, ["skincare", "vip"], null, "https://example.test/join/vip"));
        await pool.PutGroupAsync(new PoolGroupSettings("skin", "Skincare", 200, ["skincare"], null, "https://example.test/join/skin"));
        await pool.PutGroupAsync(new PoolGroupSettings("general", "General", 200, [], null, null));
        await FillAsync(tenant, "vip", 2);
        await Journeys.PublishAsync(fx.Grains, tenant, Journeys.JoinGroup(poolId));
        var customers = new[] { (NewId("c"), """{"tags":["skincare","vip"]}"""), (NewId("c"), """{"tags":["skincare","vip"]}"""), (NewId("c"), "{}") };

        var invites = new List<OutboxMessage>();
        foreach (var (customer, data) in customers)
        {
            var logged = await fx.AppendAsync(tenant, Make(EventTypes.CustomerAdded, customer, data, persona));
            await fx.Grains.GetGrain<ICustomerGrain>(TenantKey.Compose(tenant, customer)).DeliverAsync(logged);
            invites.Add(await InviteAsync(tenant, customer));
        }

        Assert.All(invites, m => Assert.Equal((PoolViews.InviteKind, persona, "wecom"), (m.Kind, m.PersonaId, m.Channel)));
        Assert.All(invites, m => Assert.EndsWith(":join:group-invite", m.DeliveryId));
        Assert.Equal(["Welcome! Join: Skincare\nhttps://example.test/join/skin", "Welcome! Join: Skincare\nhttps://example.test/join/skin",
            "Welcome! Join: General\n[live code code-1]"], invites.Select(m => m.Text));
        var view = await pool.GetAsync();
        Assert.Equal([("vip", 2, 0, 0), ("skin", 0, 2, 198), ("general", 0, 1, 199)], view.Groups.Select(g => (g.GroupId, g.Members, g.Reserved, g.Free)));
        var timeline = (await fx.Grains.GetGrain<ICustomerGrain>(TenantKey.Compose(tenant, customers[0].Item1)).GetAsync()).Timeline;
        Assert.Contains(timeline, e => e.Summary == $"Sent to group pool {poolId} by journey join-group");

        // The customer grain's effect replayed after a crash: the same answer, no second seat, no second message.
        var cause = invites[0].DeliveryId[..^":group-invite".Length];
        var replay = await pool.RouteAsync(new PoolRouteRequest(cause, customers[0].Item1, ["skincare", "vip"], persona, null, ClusterFixture.Now));

        Assert.Equal((PoolOutcome.Reserved, "skin", invites[0].DeliveryId), (replay.Outcome, replay.GroupId, replay.DeliveryId));
        Assert.Equal(3, (await pool.GetAsync()).ReservationsLive);
        Assert.Single(await fx.Outbox.QueryAsync(tenant, customers[0].Item1, null, 10));
    }

    [Fact]
    public async Task A_full_pool_opens_a_group_through_the_channel_when_allowed()
    {
        var (tenant, poolId, persona, customer) = (NewId("t"), NewId("pool"), NewId("p"), NewId("c"));
        var pool = Pool(tenant, poolId);
        await pool.ConfigureAsync(Settings(persona, autoOpen: true));
        await pool.PutGroupAsync(new PoolGroupSettings("only", "Only", 1, [], null, null));
        await FillAsync(tenant, "only", 1);

        var routed = await pool.RouteAsync(new PoolRouteRequest("cause-1", customer, [], persona, null, ClusterFixture.Now));

        Assert.Equal(PoolOutcome.Opened, routed.Outcome);
        var opened = Assert.Single(fx.SiloServices.GetRequiredService<SimulatedGroupChannel>().Opened, g => g.GroupId == routed.GroupId);
        Assert.Equal($"Welcome! Join: Skincare fans #2\n{opened.InviteUrl}", (await InviteAsync(tenant, customer)).Text);
        var group = await fx.Grains.GetGrain<IGroupGrain>(TenantKey.Compose(tenant, opened.GroupId)).GetAsync();
        Assert.Equal(("Skincare fans #2", persona, 200), (group.Name, group.OwnerPersonaId, group.SizeCap));
        var view = await pool.GetAsync();
        Assert.Equal([("only", false, 0), (opened.GroupId, true, 1)], view.Groups.Select(g => (g.GroupId, g.AutoOpened, g.Reserved)));
        Assert.Equal(["overflow"], view.Groups[1].Tags);
        Assert.Equal([["only", opened.GroupId]], view.Codes.Select(c => c.GroupIds));
        Assert.Contains(view.Log, e => e.Kind == "opened" && e.GroupId == opened.GroupId);
    }

    [Fact]
    public async Task A_full_pool_that_may_not_open_alerts_the_owner_console_once_and_reserves_nothing()
    {
        var (tenant, poolId, persona) = (NewId("t"), NewId("pool"), NewId("p"));
        var pool = Pool(tenant, poolId);
        await pool.ConfigureAsync(Settings(persona));
        await pool.PutGroupAsync(new PoolGroupSettings("only", "Only", 1, [], null, null));
        await FillAsync(tenant, "only", 1);

        var first = await pool.RouteAsync(new PoolRouteRequest("cause-1", "c1", [], persona, null, ClusterFixture.Now));
        var second = await pool.RouteAsync(new PoolRouteRequest("cause-1", "c2", [], persona, null, ClusterFixture.Now));

        Assert.Equal((PoolOutcome.Full, PoolOutcome.Full), (first.Outcome, second.Outcome));
        var feed = await EventuallyAsync(() => fx.Grains.GetGrain<IPersonaGrain>(TenantKey.Compose(tenant, persona)).GetFeedAsync(0, 50),
            page => page.Items.Count > 0);
        var alert = Assert.Single(feed.Items);
        Assert.Equal((ConsoleItemKinds.GroupAlert, "c1"), (alert.Kind, alert.CustomerId));
        Assert.Contains(poolId, alert.Text);
        Assert.Equal(0, (await pool.GetAsync()).ReservationsLive);
        Assert.Empty(await fx.Outbox.QueryAsync(tenant, "c1", null, 10));
    }
}
