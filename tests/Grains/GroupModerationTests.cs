using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using static PrivateDomain.Tests.Grains.Events;

namespace PrivateDomain.Tests.Grains;

/// <summary>Anti-harassment and welcome messages in the group grain, against real storage and the real outbox.</summary>
public abstract class GroupModerationTests(ClusterFixture fx)
{
    [Collection(SqliteCollection.Name)]
    public sealed class Sqlite(SqliteClusterFixture fx) : GroupModerationTests(fx);

    [Collection(PostgresCollection.Name)]
    public sealed class Postgres(PostgresClusterFixture fx) : GroupModerationTests(fx);

    private const string StrictPolicy = """
        { "sensitiveWords": ["加微信"], "links": { "allowDomains": ["brand.com"] },
          "escalation": { "steps": ["warn", "delete", "remove"] } }
        """;

    private async Task<(IGroupGrain Group, string GroupId, string Persona)> GroupAsync(string tenant, string? welcome = null)
    {
        var (groupId, persona) = (NewId("g"), NewId("p"));
        var group = fx.Grains.GetGrain<IGroupGrain>(TenantKey.Compose(tenant, groupId));
        await group.ConfigureAsync(new GroupSettings("Club", persona, 200, WelcomeText: welcome));
        return (group, groupId, persona);
    }

    private static EngineEvent Chat(string customer, string group, string text, int second) =>
        Make(EventTypes.ChatMessage, customer, $$"""{"text":"{{text}}"}""", group: group, at: ClusterFixture.Now.AddSeconds(second));

    private Task<IReadOnlyList<OutboxMessage>> OutboxAsync(string tenant, string groupId, int atLeast) =>
        EventuallyAsync(() => fx.Outbox.QueryAsync(tenant, null, groupId, 100), m => m.Count >= atLeast);

    [Fact]
    public async Task Offences_escalate_to_warn_recall_and_remove_with_one_outbox_request_each_and_an_alert()
    {
        var tenant = NewId("t");
        (await fx.Grains.GetGrain<IModerationPolicyGrain>(tenant).SetAsync(StrictPolicy)).Problems.ToList().ForEach(p => Assert.Fail(p.Message));
        var (group, groupId, persona) = await GroupAsync(tenant);
        var join = Make(EventTypes.MemberJoined, "c1", group: groupId, at: ClusterFixture.Now.AddDays(-1));
        var chats = new[] { Chat("c1", groupId, "加微信 领券", 1), Chat("c1", groupId, "https://evil.com", 2), Chat("c1", groupId, "加 微信", 3), Chat("c1", groupId, "brand.com 真好", 4) };

        var logged = await fx.AppendAsync(tenant, [join, .. chats]);
        await group.DeliverAsync(logged);

        var outbox = await OutboxAsync(tenant, groupId, 4);
        Assert.Equal(new[] { $"mod:{chats[0].Id}:warn", $"mod:{chats[1].Id}:recall", $"mod:{chats[2].Id}:recall", $"mod:{chats[2].Id}:remove" }.Order(StringComparer.Ordinal),
            outbox.Select(m => m.DeliveryId).Order(StringComparer.Ordinal));
        var remove = outbox.Single(m => m.Kind == "group.remove_member");
        Assert.Equal(("c1", persona, groupId), (remove.CustomerId, remove.PersonaId, remove.GroupId));
        Assert.StartsWith("@c1 ", outbox.Single(m => m.DeliveryId.EndsWith(":warn", StringComparison.Ordinal)).Text);
        var view = await group.GetAsync();
        Assert.Equal(["remove", "delete", "warn"], view.Moderation!.Log.Select(l => l.Action));
        Assert.Equal(["c1"], view.Moderation.Removing);
        Assert.Equal([false, true, true, false], view.RecentMessages.Reverse().Select(m => m.Deleted));
        Assert.Equal(["harassment", "harassment", "spam"], view.Alerts!.Select(a => a.Kind).Order(StringComparer.Ordinal));
        var feed = await EventuallyAsync(() => fx.Grains.GetGrain<IPersonaGrain>(TenantKey.Compose(tenant, persona)).GetFeedAsync(0, 50),
            p => p.Items.Count(i => i.Kind == ConsoleItemKinds.GroupAlert) >= 3);
        Assert.Equal(3, feed.Items.Count(i => i.Kind == ConsoleItemKinds.GroupAlert));

        // Redelivered (a replayed stream batch): nothing acts twice.
        await group.DeliverAsync(logged);
        await Task.Delay(300);
        Assert.Equal(4, (await fx.Outbox.QueryAsync(tenant, null, groupId, 100)).Count);
        Assert.Equal(3, (await group.GetAsync()).Moderation!.Log.Count);
    }

    [Fact]
    public async Task Policies_are_per_tenant_and_a_new_policy_applies_within_seconds()
    {
        var (strict, lax) = (NewId("t"), NewId("t"));
        await fx.Grains.GetGrain<IModerationPolicyGrain>(strict).SetAsync(StrictPolicy);
        var (strictGroup, strictId, _) = await GroupAsync(strict);
        var (laxGroup, laxId, _) = await GroupAsync(lax);

        await strictGroup.DeliverAsync(await fx.AppendAsync(strict, [Chat("c1", strictId, "加微信", 1)]));
        await laxGroup.DeliverAsync(await fx.AppendAsync(lax, [Chat("c1", laxId, "加微信", 1)]));

        Assert.Single((await strictGroup.GetAsync()).Moderation!.Log);
        Assert.Empty((await laxGroup.GetAsync()).Moderation!.Log);

        await fx.Grains.GetGrain<IModerationPolicyGrain>(lax).SetAsync("""{ "sensitiveWords": ["加微信"] }""");
        var n = 2;
        var view = await EventuallyAsync(async () =>
        {
            await laxGroup.DeliverAsync(await fx.AppendAsync(lax, [Chat($"c{n}", laxId, "加微信", n++)]));
            return await laxGroup.GetAsync();
        }, v => v.Moderation!.Log.Count > 0);
        Assert.Equal("sensitive_word", Assert.Single(view.Moderation!.Log).Rule);
    }

    [Fact]
    public async Task Joins_within_30_seconds_get_one_welcome_naming_them_all_and_later_joins_another()
    {
        var tenant = NewId("t");
        var (group, groupId, persona) = await GroupAsync(tenant, welcome: "欢迎加入！");
        var at = ClusterFixture.Now.AddMinutes(-10);
        var joins = new[]
        {
            Make(EventTypes.MemberJoined, "c1", group: groupId, at: at),
            Make(EventTypes.MemberJoined, "c2", group: groupId, at: at.AddSeconds(10)),
            Make(EventTypes.MemberJoined, "c3", group: groupId, at: at.AddSeconds(25)),
            Make(EventTypes.MemberJoined, "c4", group: groupId, at: at.AddSeconds(40)),
        };

        var logged = await fx.AppendAsync(tenant, joins);
        await group.DeliverAsync(logged);
        await group.DeliverAsync(logged);

        var first = Assert.Single(await OutboxAsync(tenant, groupId, 1));
        Assert.Equal(($"welcome:{joins[0].Id}", "@c1 @c2 @c3 欢迎加入！", persona), (first.DeliveryId, first.Text, first.PersonaId));
        // The fourth join's window is closed by the group's wake-up at its end (as the dispatcher would call it).
        await group.WakeAsync("welcome", joins[3].OccurredAt.AddSeconds(30));
        var all = await EventuallyAsync(() => fx.Outbox.QueryAsync(tenant, null, groupId, 100), m => m.Count >= 2);
        Assert.Equal("@c4 欢迎加入！", all.Single(m => m.DeliveryId == $"welcome:{joins[3].Id}").Text);
    }
}
