using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Campaigns;
using PrivateDomain.Storage;
using static PrivateDomain.Tests.Grains.Events;

namespace PrivateDomain.Tests.Grains;

/// <summary>
/// Campaign grains on a real silo with the SQLite campaign store and outbox: planning into the outbox (held under tasks
/// or pending), quota reservation across campaigns, pause/resume/cancel, task confirmation, reminders and expiry on the
/// fake clock (the wake-ups the dispatcher would deliver are taken from the real index and delivered by the test).
/// </summary>
[Collection(SqliteClockCollection.Name)]
public sealed class CampaignGrainTests(SqliteClusterFixture fx)
{
    private readonly string _tenant = NewId("t"), _persona = NewId("p"), _a1 = NewId("a"), _a2 = NewId("a");

    private T Grain<T>(string id) where T : IGrainWithStringKey => fx.Grains.GetGrain<T>(TenantKey.Compose(_tenant, id));

    private ICampaignStore Store => fx.SiloServices.GetRequiredService<ICampaignStore>();

    private ICustomerDirectory Directory => fx.SiloServices.GetRequiredService<ICustomerDirectory>();

    private CustomerDirectoryEntry Customer(string id, string? agent) =>
        new(_tenant, id, _persona, agent, "Name " + id, null, ["vip"], 0, 0m, null, false);

    /// <summary>A persona run by two agents, one group with two members, and three directory customers (one of them a member).</summary>
    private async Task<(string Group, string[] Members, string C1, string C2)> AudienceAsync()
    {
        await Grain<IPersonaGrain>(_persona).ConfigureAsync(new PersonaSettings("Xiao Wanzi", [_a1, _a2]));
        var group = NewId("g");
        var members = new[] { NewId("m"), NewId("m") };
        var g = Grain<IGroupGrain>(group);
        await g.ConfigureAsync(new GroupSettings("Fans", _persona, 200));
        await g.DeliverAsync(await fx.AppendAsync(_tenant, members.Select(m => Make(EventTypes.MemberJoined, m, group: group, at: fx.Time.GetUtcNow())).ToArray()));
        var (c1, c2) = (NewId("c"), NewId("c"));
        await Directory.UpsertAsync([Customer(members[0], _a1), Customer(c1, _a1), Customer(c2, _a2)]);
        return (group, members, c1, c2);
    }

    private static CampaignSpec Spec(CampaignAudience audience, string? channel = null) =>
        new("Summer", audience, new CampaignMessage("text", "Hi {{customer.name}}, {{persona.name}} here"), Channel: channel);

    private async Task<CampaignView> CreatePlannedAsync(string id, CampaignSpec spec)
    {
        var campaign = Grain<ICampaignGrain>(id);
        await campaign.CreateAsync(spec, "op");
        return await EventuallyAsync(async () => (await campaign.GetAsync())!, v => v.State != CampaignStates.Planning);
    }

    private async Task<OutboxMessage?> RowAsync(string? customer, string? group) =>
        (await fx.Outbox.QueryAsync(_tenant, customer, group, 10)).SingleOrDefault(m => m.DeliveryId.StartsWith("cmp:", StringComparison.Ordinal));

    private async Task WakeTasksAsync(string id)
    {
        var taken = await fx.SiloServices.GetRequiredService<IWakeUpIndex>().TakeDueAsync(fx.Time.GetUtcNow(), 100_000, TimeSpan.FromMilliseconds(1));
        foreach (var w in taken.Select(t => t.WakeUp).Where(w => w.TenantId == _tenant && w.Kind == CampaignGrain.Kind && w.EntityId == id))
            await Grain<ICampaignGrain>(id).WakeAsync(w.Key, w.DueAt);
    }

    [Fact]
    public async Task Planning_holds_group_posts_and_messages_under_tasks_and_skips_customers_a_group_reaches()
    {
        var (group, members, c1, c2) = await AudienceAsync();
        var id = NewId("cmp");

        var view = await CreatePlannedAsync(id, Spec(new CampaignAudience(GroupIds: [group], CustomerIds: [members[0], c1, c2])));

        Assert.Equal(CampaignStates.Sending, view.State);
        Assert.Equal((3L, 4L, 1L, 3L), (view.Counts.Deliveries, view.Counts.Recipients, view.Counts.SkippedDuplicate, view.Counts.Held));
        var post = (await RowAsync(null, group))!;
        Assert.Equal(($"cmp:{id}:g:{group}", OutboxStatus.Held), (post.DeliveryId, post.Status));
        Assert.Equal(("Hi Name " + c1 + ", Xiao Wanzi here", OutboxStatus.Held), ((await RowAsync(c1, null))!.Text, (await RowAsync(c1, null))!.Status));
        Assert.Null(await RowAsync(members[0], null));
        Assert.Equal(
            new[] { (_persona, (string?)null, 1), (_persona, _a1, 1), (_persona, _a2, 1) }.OrderBy(t => t.Item2 ?? "", StringComparer.Ordinal),
            view.Tasks.Select(t => (t.PersonaId, t.AgentId, t.Deliveries)).OrderBy(t => t.AgentId ?? "", StringComparer.Ordinal));
        var notice = await EventuallyAsync(() => Grain<IAgentGrain>(_a1).GetFeedAsync(0, 50), f => f.Items.Any(i => i.Kind == ConsoleItemKinds.CampaignTask));
        Assert.Equal($"{id}/{CampaignPlanner.TaskId(_persona, _a1)}", notice.Items.Single(i => i.Kind == ConsoleItemKinds.CampaignTask).EventId);
        // The list grain is updated asynchronously (with the progress item), so wait for it rather than read it at once.
        var list = await EventuallyAsync(() => fx.Grains.GetGrain<ICampaignListGrain>(_tenant).ListAsync(_persona, 10), l => l.Count > 0);
        Assert.Equal(id, Assert.Single(list).CampaignId);
    }

    [Fact]
    public async Task A_direct_channel_queues_deliveries_without_tasks_and_create_is_idempotent()
    {
        var (_, _, c1, c2) = await AudienceAsync();
        var id = NewId("cmp");
        var spec = Spec(new CampaignAudience(CustomerTags: ["vip"]), channel: "sms");

        var view = await CreatePlannedAsync(id, spec);
        var again = await Grain<ICampaignGrain>(id).CreateAsync(spec, "op");

        Assert.Empty(view.Tasks);
        Assert.Equal((3L, 3L, 0L), (view.Counts.Deliveries, view.Counts.Queued, view.Counts.Held));
        Assert.Equal(OutboxStatus.Pending, (await RowAsync(c2, null))!.Status);
        Assert.Equal(view.CreatedAt, again.CreatedAt);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Grain<ICampaignGrain>(id).CreateAsync(spec with { Name = "Other" }, "op"));
        await Assert.ThrowsAsync<ArgumentException>(() => Grain<ICampaignGrain>(NewId("cmp")).CreateAsync(spec with { Name = "" }, "op"));
        Assert.Equal(1, await Store.QuotaUsedAsync(_tenant, "c:" + c1, Period()));
    }

    [Fact]
    public async Task The_monthly_quota_is_reserved_at_planning_so_a_later_campaign_skips_the_customer()
    {
        var (_, _, c1, _) = await AudienceAsync();
        var quota = new CampaignOptions().CustomerMonthlyQuota;
        for (var i = 0; i < quota; i++)
            Assert.Equal(1L, (await CreatePlannedAsync(NewId("cmp"), Spec(new CampaignAudience(CustomerIds: [c1]), "sms"))).Counts.Deliveries);

        var over = await CreatePlannedAsync(NewId("cmp"), Spec(new CampaignAudience(CustomerIds: [c1]), "sms"));

        Assert.Equal((0L, 1L), (over.Counts.Deliveries, over.Counts.SkippedQuota));
        Assert.Equal(CampaignStates.Completed, over.State);
        Assert.Equal(quota, await Store.QuotaUsedAsync(_tenant, "c:" + c1, Period()));
    }

    [Fact]
    public async Task Pause_resume_and_cancel_move_outbox_rows_and_cancel_gives_quota_and_the_group_slot_back()
    {
        var (group, _, c1, _) = await AudienceAsync();
        var id = NewId("cmp");
        var campaign = Grain<ICampaignGrain>(id);
        await CreatePlannedAsync(id, Spec(new CampaignAudience(GroupIds: [group], CustomerIds: [c1]), "sms"));

        var paused = await campaign.PauseAsync("op");
        Assert.Equal((CampaignStates.Paused, 2L, 0L), (paused.State, paused.Counts.Paused, paused.Counts.Queued));
        Assert.Equal(OutboxStatus.Paused, (await RowAsync(c1, null))!.Status);

        var resumed = await campaign.ResumeAsync("op");
        Assert.Equal((CampaignStates.Sending, 0L, 2L), (resumed.State, resumed.Counts.Paused, resumed.Counts.Queued));

        var cancelled = await campaign.CancelAsync("op");
        Assert.Equal((CampaignStates.Cancelled, 2L, 0L), (cancelled.State, cancelled.Counts.Cancelled, cancelled.Counts.Queued));
        Assert.Equal(OutboxStatus.Cancelled, (await RowAsync(null, group))!.Status);
        Assert.Equal(0, await Store.QuotaUsedAsync(_tenant, "c:" + c1, Period()));
        Assert.Equal(0, await Store.QuotaUsedAsync(_tenant, "g:" + group, Period()));
        // The group's slot is free again: a new campaign is granted one.
        var slot = await Grain<IGroupGrain>(group).PlanCampaignPostAsync(NewId("cmp"), fx.Time.GetUtcNow());
        Assert.True(slot.Allowed);
        await Assert.ThrowsAsync<InvalidOperationException>(() => campaign.ResumeAsync("op"));
    }

    [Fact]
    public async Task Confirming_a_task_releases_only_its_deliveries_and_only_its_agent_may_confirm()
    {
        var (group, _, c1, c2) = await AudienceAsync();
        var id = NewId("cmp");
        var campaign = Grain<ICampaignGrain>(id);
        await CreatePlannedAsync(id, Spec(new CampaignAudience(GroupIds: [group], CustomerIds: [c1, c2])));
        var a1Task = CampaignPlanner.TaskId(_persona, _a1);

        await Assert.ThrowsAsync<AccessDeniedException>(() => campaign.ConfirmTaskAsync(a1Task, _a2));
        var confirmed = await campaign.ConfirmTaskAsync(a1Task, _a1);
        var again = await campaign.ConfirmTaskAsync(a1Task, _a1);

        Assert.Equal(OutboxStatus.Pending, (await RowAsync(c1, null))!.Status);
        Assert.Equal(OutboxStatus.Held, (await RowAsync(c2, null))!.Status);
        Assert.Equal(OutboxStatus.Held, (await RowAsync(null, group))!.Status);
        Assert.Equal((1L, 2L), (confirmed.Counts.Queued, confirmed.Counts.Held));
        Assert.Equal((CampaignTaskStates.Confirmed, _a1), (again.Tasks.Single(t => t.TaskId == a1Task).State, again.Tasks.Single(t => t.TaskId == a1Task).ConfirmedBy));
        Assert.Equal(1L, again.Counts.Queued);
        // The persona-level task (the group post) is any operating agent's; an outsider is refused.
        var personaTask = CampaignPlanner.TaskId(_persona, null);
        await Assert.ThrowsAsync<AccessDeniedException>(() => campaign.ConfirmTaskAsync(personaTask, NewId("a")));
        await campaign.ConfirmTaskAsync(personaTask, _a2);
        Assert.Equal(OutboxStatus.Pending, (await RowAsync(null, group))!.Status);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => campaign.ConfirmTaskAsync("t-none", _a1));
    }

    [Fact]
    public async Task Open_tasks_are_reminded_up_to_the_cap_and_expire_at_the_deadline_cancelling_their_deliveries()
    {
        var (_, _, c1, c2) = await AudienceAsync();
        var id = NewId("cmp");
        var campaign = Grain<ICampaignGrain>(id);
        await CreatePlannedAsync(id, Spec(new CampaignAudience(CustomerIds: [c1, c2])));
        await campaign.ConfirmTaskAsync(CampaignPlanner.TaskId(_persona, _a2), _a2);
        var o = new CampaignOptions();

        for (var hour = 1; hour <= 23; hour++)
        {
            fx.Time.Advance(TimeSpan.FromHours(1));
            await WakeTasksAsync(id);
        }
        var open = (await campaign.GetAsync())!.Tasks.Single(t => t.AgentId == _a1);
        Assert.Equal((CampaignTaskStates.Open, o.MaxReminders), (open.State, open.RemindersSent));
        Assert.Equal(OutboxStatus.Held, (await RowAsync(c1, null))!.Status);

        fx.Time.Advance(TimeSpan.FromHours(1));
        await WakeTasksAsync(id);

        var view = (await campaign.GetAsync())!;
        Assert.Equal(CampaignTaskStates.Expired, view.Tasks.Single(t => t.AgentId == _a1).State);
        Assert.Equal(CampaignTaskStates.Confirmed, view.Tasks.Single(t => t.AgentId == _a2).State);
        Assert.Equal(OutboxStatus.Cancelled, (await RowAsync(c1, null))!.Status);
        Assert.Equal(OutboxStatus.Pending, (await RowAsync(c2, null))!.Status);
        var items = (await Grain<IAgentGrain>(_a1).GetFeedAsync(0, 100)).Items.Where(i => i.Kind == ConsoleItemKinds.CampaignTask).ToList();
        Assert.Equal(1 + o.MaxReminders, items.Count);
        await Assert.ThrowsAsync<InvalidOperationException>(() => campaign.ConfirmTaskAsync(CampaignPlanner.TaskId(_persona, _a1), _a1));
    }

    private string Period() => new CampaignPlanner("t", "c", Spec(new CampaignAudience(CustomerIds: ["x"])), new CampaignOptions(), fx.Time.GetUtcNow(), "Asia/Shanghai", _ => null)
        .QuotaPeriod(fx.Time.GetUtcNow());
}
