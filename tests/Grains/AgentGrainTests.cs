using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.State;
using static PrivateDomain.Tests.Grains.Events;

namespace PrivateDomain.Tests.Grains;

public abstract class AgentGrainTests(ClusterFixture fx)
{
    [Collection(SqliteCollection.Name)]
    public sealed class Sqlite(SqliteClusterFixture fx) : AgentGrainTests(fx);

    [Collection(PostgresCollection.Name)]
    public sealed class Postgres(PostgresClusterFixture fx) : AgentGrainTests(fx);

    [Fact]
    public async Task A_notification_whose_write_failed_is_stored_when_the_sender_retries_it()
    {
        var agent = fx.Grains.GetGrain<IAgentGrain>(TenantKey.Compose("t1", NewId("a")));
        await agent.GetAsync();
        var item = new ConsoleItem(0, ConsoleItemKinds.MaterialRadar, ClusterFixture.Now, "c1", null, null, null, "opened m-3", NewId("e"));
        fx.Storage.FailNextWrites(agent.GetGrainId());

        await Assert.ThrowsAnyAsync<Exception>(() => agent.NotifyAsync(item));
        await agent.NotifyAsync(item);

        // The retry is stored (with or without a deactivation in between: the old code passed only through one).
        var stored = new GrainState<AgentState>();
        await fx.Storage.Inner.ReadStateAsync("agent", agent.GetGrainId(), stored);
        Assert.Single(stored.State!.Feed.Items);
        Assert.Single((await agent.GetFeedAsync(0, 10)).Items);
    }

    [Fact]
    public async Task Material_opened_by_a_customer_reaches_the_sharing_agents_radar()
    {
        var (customerId, agentId) = (NewId("c"), NewId("a"));
        var customer = fx.Grains.GetGrain<ICustomerGrain>(TenantKey.Compose("t1", customerId));
        await customer.GetAsync();
        var logged = await fx.AppendAsync("t1",
            Make(EventTypes.MaterialOpen, customerId, $$"""{"materialId":"brochure-7","sharedByAgentId":"{{agentId}}"}"""));

        await customer.DeliverAsync(logged);
        await customer.DeliverAsync(logged);

        var agent = fx.Grains.GetGrain<IAgentGrain>(TenantKey.Compose("t1", agentId));
        var feed = await EventuallyAsync(() => agent.GetFeedAsync(0, 50), page => page.Items.Count > 0);
        var item = Assert.Single(feed.Items);
        Assert.Equal((ConsoleItemKinds.MaterialRadar, customerId, agentId, logged[0].Event.Id), (item.Kind, item.CustomerId, item.AgentId, item.EventId));
        Assert.Equal(1, (await agent.GetAsync()).FeedSequence);
    }

    [Fact]
    public async Task Replayed_notification_is_stored_once()
    {
        var agent = fx.Grains.GetGrain<IAgentGrain>(TenantKey.Compose("t1", NewId("a")));
        var item = new ConsoleItem(0, ConsoleItemKinds.MaterialRadar, ClusterFixture.Now, "c1", null, null, null, "opened", NewId("e"));

        await agent.NotifyAsync(item);
        await agent.NotifyAsync(item);

        Assert.Single((await agent.GetFeedAsync(0, 50)).Items);
    }

    [Fact]
    public async Task Presence_follows_open_connections()
    {
        var agent = fx.Grains.GetGrain<IAgentGrain>(TenantKey.Compose("t1", NewId("a")));

        Assert.True((await agent.ConnectionChangedAsync("conn-1", true)).Online);
        Assert.True((await agent.ConnectionChangedAsync("conn-2", true)).Online);
        Assert.True((await agent.ConnectionChangedAsync("conn-1", false)).Online);
        Assert.False((await agent.ConnectionChangedAsync("conn-2", false)).Online);
    }
}
