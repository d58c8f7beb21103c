using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using static PrivateDomain.Tests.Grains.Events;

namespace PrivateDomain.Tests.Grains;

/// <summary>What the console's group view reads from the grains: a persona's group list and posting as the persona.</summary>
public abstract class GroupConsoleGrainTests(ClusterFixture fx)
{
    [Collection(SqliteCollection.Name)]
    public sealed class Sqlite(SqliteClusterFixture fx) : GroupConsoleGrainTests(fx);

    [Collection(PostgresCollection.Name)]
    public sealed class Postgres(PostgresClusterFixture fx) : GroupConsoleGrainTests(fx);

    private IGroupGrain Group(string id) => fx.Grains.GetGrain<IGroupGrain>(TenantKey.Compose("t1", id));

    private IPersonaGroupsGrain Groups(string persona) => fx.Grains.GetGrain<IPersonaGroupsGrain>(TenantKey.Compose("t1", persona));

    [Fact]
    public async Task A_group_is_listed_under_its_owner_from_configuration_or_its_first_event_and_moves_with_it()
    {
        var (p1, p2, configured, fromEvent) = (NewId("p"), NewId("p"), NewId("g"), NewId("g"));

        await Group(configured).ConfigureAsync(new GroupSettings("VIP", p1, 200));
        await Group(fromEvent).DeliverAsync(await fx.AppendAsync("t1", Make(EventTypes.MemberJoined, "c1", persona: p1, group: fromEvent)));

        Assert.Equal(new[] { configured, fromEvent }.Order(StringComparer.Ordinal), await Groups(p1).GetAsync());
        await Group(configured).ConfigureAsync(new GroupSettings("VIP", p2, 200));
        Assert.Equal([fromEvent], await Groups(p1).GetAsync());
        Assert.Equal([configured], await Groups(p2).GetAsync());
        var summary = await Group(fromEvent).GetSummaryAsync();
        Assert.Equal((fromEvent, p1, 1), (summary.GroupId, summary.OwnerPersonaId, summary.MemberCount));
    }

    [Fact]
    public async Task A_post_is_one_outbox_message_and_one_feed_item_however_often_it_is_retried()
    {
        var (persona, agent, groupId) = (NewId("p"), NewId("a"), NewId("g"));
        await fx.Grains.GetGrain<IPersonaGrain>(TenantKey.Compose("t1", persona)).ConfigureAsync(new PersonaSettings("号", [agent]));
        await Group(groupId).ConfigureAsync(new GroupSettings("福利群", persona, 200));

        var first = await Group(groupId).PostAsync(persona, agent, "开抢啦", "m1");
        var again = await Group(groupId).PostAsync(persona, agent, "开抢啦", "m1");

        Assert.Equal(first, again);
        var rows = await fx.Outbox.QueryAsync("t1", null, groupId, 10);
        Assert.Equal(("开抢啦", persona, agent), (Assert.Single(rows).Text, rows[0].PersonaId, rows[0].AgentId));
        var feed = await EventuallyAsync(() => fx.Grains.GetGrain<IPersonaGrain>(TenantKey.Compose("t1", persona)).GetFeedAsync(0, 50),
            page => page.Items.Count > 0);
        Assert.Equal((ConsoleItemKinds.GroupPost, groupId), (Assert.Single(feed.Items).Kind, feed.Items[0].GroupId));
        Assert.Equal(agent, Assert.Single((await Group(groupId).GetAsync()).RecentMessages).AgentId);
    }

    [Fact]
    public async Task A_post_by_an_agent_who_does_not_operate_the_owner_or_naming_another_persona_is_refused()
    {
        var (persona, agent, groupId) = (NewId("p"), NewId("a"), NewId("g"));
        await fx.Grains.GetGrain<IPersonaGrain>(TenantKey.Compose("t1", persona)).ConfigureAsync(new PersonaSettings("号", [agent]));
        await Group(groupId).ConfigureAsync(new GroupSettings("福利群", persona, 200));

        await Assert.ThrowsAsync<AccessDeniedException>(() => Group(groupId).PostAsync(persona, NewId("a"), "hi", "m1"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Group(groupId).PostAsync(NewId("p"), agent, "hi", "m2"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Group(NewId("g")).PostAsync(persona, agent, "hi", "m3"));

        Assert.Empty(await fx.Outbox.QueryAsync("t1", null, groupId, 10));
    }
}
