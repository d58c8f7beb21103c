using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using static PrivateDomain.Tests.Grains.Events;

namespace PrivateDomain.Tests.Grains;

public abstract class GroupGrainTests(ClusterFixture fx)
{
    [Collection(SqliteCollection.Name)]
    public sealed class Sqlite(SqliteClusterFixture fx) : GroupGrainTests(fx);

    [Collection(PostgresCollection.Name)]
    public sealed class Postgres(PostgresClusterFixture fx) : GroupGrainTests(fx);

    [Fact]
    public async Task Joins_beyond_the_configured_cap_are_refused_and_alerted()
    {
        var (groupId, personaId) = (NewId("g"), NewId("p"));
        var group = fx.Grains.GetGrain<IGroupGrain>(TenantKey.Compose("t1", groupId));
        await group.ConfigureAsync(new GroupSettings("VIP club", personaId, 2));
        var joins = Enumerable.Range(1, 3)
            .Select(i => Make(EventTypes.MemberJoined, $"c{i}", group: groupId, at: ClusterFixture.Now.AddMinutes(i)))
            .ToArray();

        await group.DeliverAsync(await fx.AppendAsync("t1", joins));

        var view = await group.GetAsync();
        Assert.Equal(("VIP club", personaId, 2, 2), (view.Name, view.OwnerPersonaId, view.SizeCap, view.MemberCount));
        Assert.Equal(["c1", "c2"], view.Members.Select(m => m.CustomerId));
        Assert.Equal(1, view.Activity.RefusedJoins);
        Assert.Equal(2, view.Activity.JoinsTotal);
        var persona = fx.Grains.GetGrain<IPersonaGrain>(TenantKey.Compose("t1", personaId));
        var feed = await EventuallyAsync(() => persona.GetFeedAsync(0, 50), page => page.Items.Count > 0);
        var alert = Assert.Single(feed.Items);
        Assert.Equal((ConsoleItemKinds.GroupAlert, "c3", groupId), (alert.Kind, alert.CustomerId, alert.GroupId));
    }

    [Fact]
    public async Task Group_messages_count_towards_activity_at_the_silo_clock()
    {
        var groupId = NewId("g");
        var group = fx.Grains.GetGrain<IGroupGrain>(TenantKey.Compose("t1", groupId));
        await group.GetAsync();
        var events = new[]
        {
            Make(EventTypes.MemberJoined, "c1", group: groupId, at: ClusterFixture.Now.AddDays(-20)),
            Make(EventTypes.ChatMessage, "c1", """{"text":"hello"}""", group: groupId, at: ClusterFixture.Now.AddHours(-2)),
            Make(EventTypes.ChatMessage, "c1", """{"text":"again"}""", group: groupId, at: ClusterFixture.Now.AddHours(-30)),
        };

        await group.DeliverAsync(await fx.AppendAsync("t1", events));

        var view = await group.GetAsync();
        Assert.Equal((2L, 1, 1), (view.Activity.MessagesTotal, view.Activity.MessagesLast24h, view.Activity.ActiveMembersLast7d));
        Assert.Equal(["hello", "again"], view.RecentMessages.Select(m => m.Text).Reverse());
        Assert.Equal(2, Assert.Single(view.Members).Messages);
    }
}
