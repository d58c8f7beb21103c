using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using static PrivateDomain.Tests.Grains.Events;

namespace PrivateDomain.Tests.Grains;

/// <summary>
/// A group's own cadence as campaigns meet it: one reserved slot per campaign, shared with persona posts, refused when
/// the day is full past the deferral. The clock stays at <see cref="ClusterFixture.Now"/> (20:00 in Shanghai).
/// </summary>
public abstract class GroupCadenceTests(ClusterFixture fx)
{
    [Collection(SqliteCollection.Name)]
    public sealed class Sqlite(SqliteClusterFixture fx) : GroupCadenceTests(fx);

    [Collection(PostgresCollection.Name)]
    public sealed class Postgres(PostgresClusterFixture fx) : GroupCadenceTests(fx);

    private static readonly DateTimeOffset Now = ClusterFixture.Now;
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    private readonly string _tenant = NewId("t"), _persona = NewId("p"), _group = NewId("g");

    private IGroupGrain Group => fx.Grains.GetGrain<IGroupGrain>(TenantKey.Compose(_tenant, _group));

    private async Task SetUpAsync(string? owner, params string[] members)
    {
        await Group.ConfigureAsync(new GroupSettings("打卡群", owner, 200, ["skincare"]));
        if (members.Length > 0)
            await Group.DeliverAsync(await fx.AppendAsync(_tenant,
                members.Select(c => Make(EventTypes.MemberJoined, c, group: _group, at: Now.AddHours(-1))).ToArray()));
    }

    [Fact]
    public async Task A_campaign_keeps_its_first_slot_and_reaches_every_member()
    {
        await SetUpAsync(_persona, "c1", "c2");

        var first = await Group.PlanCampaignPostAsync("spring", Now);
        var again = await Group.PlanCampaignPostAsync("spring", Now.AddHours(1));
        var second = await Group.PlanCampaignPostAsync("summer", Now);

        Assert.Equal(new GroupCampaignSlot(_group, "打卡群", _persona, true, Now, "", first.MemberIds), first);
        Assert.Equal(["c1", "c2"], first.MemberIds.Order());
        Assert.Equal((true, Now), (again.Allowed, again.At));
        Assert.Equal((true, Now.AddMinutes(30)), (second.Allowed, second.At));
    }

    [Fact]
    public async Task A_full_day_past_the_deferral_refuses_the_campaign_as_cap_reached_and_the_refusal_is_kept()
    {
        await SetUpAsync(_persona, "c1");
        var agent = NewId("a");
        await fx.Grains.GetGrain<IPersonaGrain>(TenantKey.Compose(_tenant, _persona)).ConfigureAsync(new PersonaSettings("号", [agent]));
        await fx.Grains.GetGrain<IGroupScheduleGrain>(TenantKey.Compose(_tenant, _group))
            .SetSopAsync([], new GroupCadenceSettings(MaxPostsPerDay: 1, MaxDeferralHours: 6));
        await Group.PostAsync(_persona, agent, "今晚8点开抢", "m1");

        var refused = await Group.PlanCampaignPostAsync("flash", Now.AddMinutes(5));
        await fx.Grains.GetGrain<IGroupScheduleGrain>(TenantKey.Compose(_tenant, _group))
            .SetSopAsync([], new GroupCadenceSettings(MaxPostsPerDay: 1, MaxDeferralHours: 24));
        var keptRefusal = await Group.PlanCampaignPostAsync("flash", Now.AddMinutes(5));
        var nextMorning = await Group.PlanCampaignPostAsync("later", Now.AddMinutes(5));

        Assert.Equal((false, GroupCampaignReasons.CapReached), (refused.Allowed, refused.Reason));
        Assert.Equal((false, GroupCampaignReasons.CapReached), (keptRefusal.Allowed, keptRefusal.Reason));
        Assert.Equal((true, new DateTimeOffset(2026, 6, 2, 8, 0, 0, Shanghai)), (nextMorning.Allowed, nextMorning.At));
    }

    [Fact]
    public async Task A_group_without_owner_or_members_refuses_and_reserves_nothing()
    {
        await SetUpAsync(null, "c1");
        var noOwner = await Group.PlanCampaignPostAsync("c", Now);
        await Group.ConfigureAsync(new GroupSettings("空群", _persona, 200));
        var empty = fx.Grains.GetGrain<IGroupGrain>(TenantKey.Compose(_tenant, NewId("g")));
        await empty.ConfigureAsync(new GroupSettings("空群", _persona, 200));
        var noMembers = await empty.PlanCampaignPostAsync("c", Now);
        var nowOwned = await Group.PlanCampaignPostAsync("c", Now);

        Assert.Equal((false, GroupCampaignReasons.NoOwner), (noOwner.Allowed, noOwner.Reason));
        Assert.Equal((false, GroupCampaignReasons.NoMembers, 0), (noMembers.Allowed, noMembers.Reason, noMembers.MemberIds.Count));
        Assert.Equal((true, Now, _persona), (nowOwned.Allowed, nowOwned.At, nowOwned.OwnerPersonaId));
    }

    [Fact]
    public async Task A_released_slot_is_free_for_the_next_campaign()
    {
        await SetUpAsync(_persona, "c1");
        await Group.PlanCampaignPostAsync("cancelled", Now);

        await Group.ReleaseCampaignPostAsync("cancelled");
        await Group.ReleaseCampaignPostAsync("cancelled");
        var next = await Group.PlanCampaignPostAsync("next", Now);

        Assert.Equal((true, Now), (next.Allowed, next.At));
    }

    [Fact]
    public async Task The_tenant_directory_finds_groups_by_tag_and_by_owner_learned_from_events()
    {
        await SetUpAsync(_persona, "c1");
        var learned = NewId("g");
        var learnedOwner = NewId("p");
        var other = fx.Grains.GetGrain<IGroupGrain>(TenantKey.Compose(_tenant, learned));
        await other.DeliverAsync(await fx.AppendAsync(_tenant, Make(EventTypes.MemberJoined, "c9", persona: learnedOwner, group: learned)));
        var directory = fx.Grains.GetGrain<IGroupDirectoryGrain>(_tenant);

        var byTag = await directory.FindAsync(["skincare", "baby"], null);
        var byOwner = await directory.FindAsync(null, [learnedOwner]);
        await Group.ConfigureAsync(new GroupSettings("打卡群", _persona, 200, ["baby"]));
        var retagged = await directory.FindAsync(["skincare"], null);

        var entry = Assert.Single(byTag);
        Assert.Equal((_group, "打卡群", _persona, "skincare"), (entry.GroupId, entry.Name, entry.OwnerPersonaId, string.Join(",", entry.Tags)));
        Assert.Equal((learned, learnedOwner), (Assert.Single(byOwner).GroupId, byOwner[0].OwnerPersonaId));
        Assert.Empty(retagged);
        Assert.Equal(["baby"], (await Group.GetAsync()).Tags);
    }
}
