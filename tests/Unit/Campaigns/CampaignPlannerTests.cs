using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Campaigns;
using PrivateDomain.Storage;

namespace PrivateDomain.Tests.Unit.Campaigns;

/// <summary>The pure campaign planner: send times, texts, quota claims, tasks, delivery ids, dedupe and chunks.</summary>
public sealed class CampaignPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 30, 15, 0, 0, TimeSpan.Zero); // 23:00 in Shanghai
    private static readonly CampaignOptions Options = new() { ChunkSize = 3 };

    private static CampaignSpec Spec(string template = "Hi {{customer.name|friend}} from {{persona.name}}", CampaignSchedule? schedule = null,
        string? channel = null, CampaignAudience? audience = null) =>
        new("June sale", audience ?? new CampaignAudience(CustomerIds: ["c1", "c2"], GroupIds: ["g1"]), new CampaignMessage("text", template), schedule, channel);

    private static CampaignPlanner Planner(CampaignSpec spec, DateTimeOffset? now = null) =>
        new("t1", "cmp1", spec, Options, now ?? Now, "Asia/Shanghai", p => p == "p1" ? "Xiao Wanzi" : null);

    private static CustomerDirectoryEntry Customer(string id, string? owner = "p1", string? agent = "a1", string? name = null, string? zone = null,
        IReadOnlyList<string>? tags = null, int purchases = 0, decimal total = 0m, DateTimeOffset? last = null, bool removed = false) =>
        new("t1", id, owner, agent, name, zone, tags ?? [], purchases, total, last, removed);

    private static GroupCampaignSlot Slot(string id, bool allowed = true, DateTimeOffset? at = null, string? owner = "p1") =>
        new(id, "Fans " + id, owner, allowed, at ?? Now, allowed ? "" : "cap_reached", ["m1", "m2"]);

    [Fact]
    public void A_customer_delivery_renders_the_template_with_defaults_and_is_held_under_the_owning_agents_task()
    {
        var d = Planner(Spec()).ForCustomer(Customer("c1"))!;

        Assert.Equal("cmp:cmp1:c:c1", d.Message.DeliveryId);
        Assert.Equal("Hi friend from Xiao Wanzi", d.Message.Text);
        Assert.Equal((OutboxStatus.Held, "wecom", "p1", "a1", "c1"), (d.Message.Status, d.Message.Channel, d.Message.PersonaId, d.Message.AgentId, d.Message.CustomerId));
        Assert.Equal(CampaignPlanner.TaskId("p1", "a1"), d.TaskId);
        Assert.Equal(new QuotaClaim("c:c1", "2026-06", 4), d.Quota);
        Assert.Equal(["c1"], d.Recipients);
    }

    [Fact]
    public void Direct_channels_place_pending_deliveries_without_a_task()
    {
        var d = Planner(Spec(channel: "SMS")).ForCustomer(Customer("c1", name: "Lin"))!;

        Assert.Equal((OutboxStatus.Pending, (string?)null, "sms", "Hi Lin from Xiao Wanzi"), (d.Message.Status, d.TaskId, d.Message.Channel, d.Message.Text));
    }

    [Fact]
    public void Tasks_differ_per_persona_and_agent_and_group_posts_take_the_persona_level_task()
    {
        Assert.NotEqual(CampaignPlanner.TaskId("p1", "a1"), CampaignPlanner.TaskId("p1", "a2"));
        Assert.NotEqual(CampaignPlanner.TaskId("p1", null), CampaignPlanner.TaskId("p1", "a1"));
        Assert.NotEqual(CampaignPlanner.TaskId("p:1", "a"), CampaignPlanner.TaskId("p", "1:a"));

        var post = Planner(Spec("{{group.name}}: new arrivals")).ForGroup(Slot("g1"))!;
        Assert.Equal(("cmp:cmp1:g:g1", "Fans g1: new arrivals", CampaignPlanner.TaskId("p1", null)), (post.Message.DeliveryId, post.Message.Text, post.TaskId));
        Assert.Equal(new QuotaClaim("g:g1", "2026-06", 30), post.Quota);
        Assert.Equal(["m1", "m2"], post.Recipients);
    }

    [Fact]
    public void A_refused_or_ownerless_slot_and_an_ownerless_customer_plan_nothing()
    {
        var planner = Planner(Spec());
        Assert.Null(planner.ForGroup(Slot("g1", allowed: false)));
        Assert.Null(planner.ForGroup(Slot("g1", owner: null)));
        Assert.Null(planner.ForCustomer(Customer("c1", owner: null)));
    }

    [Fact]
    public void The_quota_month_is_the_quota_zones_calendar_month_of_the_send_time()
    {
        // 15:00 UTC on 30 June is 23:00 in Shanghai (June); a slot two hours later is 01:00 on 1 July there.
        var planner = Planner(Spec());
        Assert.Equal("2026-06", planner.QuotaPeriod(Now));
        Assert.Equal("2026-07", planner.ForGroup(Slot("g1", at: Now.AddHours(2)))!.Quota.Period);
        Assert.Equal(Now.AddHours(2), planner.ForGroup(Slot("g1", at: Now.AddHours(2)))!.Message.NextAttemptAt);
    }

    [Fact]
    public void A_local_send_time_follows_each_recipients_zone_else_the_tenant_default()
    {
        var planner = Planner(Spec(schedule: new CampaignSchedule(LocalTime: "09:30")));

        // Shanghai (tenant default) is at 23:00: the next 09:30 there is tomorrow, 01:30 UTC.
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 1, 30, 0, TimeSpan.Zero), planner.ForCustomer(Customer("c1"))!.Message.NextAttemptAt);
        // New York is at 11:00: the next 09:30 there is tomorrow, 13:30 UTC (EDT).
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 13, 30, 0, TimeSpan.Zero),
            planner.ForCustomer(Customer("c2", zone: "America/New_York"))!.Message.NextAttemptAt);
        // London is at 16:00: 09:30 tomorrow is 08:30 UTC (BST); an unknown zone falls back to the tenant's.
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 8, 30, 0, TimeSpan.Zero), planner.SendAt("Europe/London"));
        Assert.Equal(planner.SendAt(null), planner.SendAt("Mars/Olympus"));
        Assert.Equal(planner.SendAt(null), planner.GroupWantedAt);
    }

    [Fact]
    public void A_scheduled_time_in_the_future_is_the_send_time_and_a_past_one_is_now()
    {
        var later = Now.AddDays(2);
        Assert.Equal(later, Planner(Spec(schedule: new CampaignSchedule(later))).ForCustomer(Customer("c1"))!.Message.NextAttemptAt);
        Assert.Null(Planner(Spec(schedule: new CampaignSchedule(Now.AddDays(-2)))).ForCustomer(Customer("c1"))!.Message.NextAttemptAt);
    }

    [Fact]
    public void A_customer_reached_through_a_group_or_listed_twice_is_planned_once()
    {
        var planner = Planner(Spec(audience: new CampaignAudience(CustomerIds: ["m1", "c1", "c3"])));
        var reached = new HashSet<string> { "m1", "m2" };

        var page = planner.ForCustomers([Customer("m1"), Customer("c1"), Customer("c1"), Customer("c3", owner: null), Customer("c9")], reached);

        Assert.Equal(["cmp:cmp1:c:c1"], page.Deliveries.Select(d => d.Message.DeliveryId));
        Assert.Equal((2, 1), (page.Duplicates, page.Unreachable)); // m1 via a group, c1 twice; c3 has no owner; c9 is not in the audience
    }

    [Fact]
    public void Segments_tags_persona_filter_and_removed_customers_select_the_audience()
    {
        var audience = new CampaignAudience(CustomerTags: ["vip"], Segments: ["champion"], PersonaIds: ["p1"]);
        var champion = Customer("c1", purchases: 12, total: 20_000m, last: Now.AddDays(-2));
        var vip = Customer("c2", tags: ["vip"]);
        var otherPersona = Customer("c3", owner: "p2", tags: ["vip"]);
        var removed = Customer("c4", tags: ["vip"], removed: true);
        var nobody = Customer("c5", purchases: 1, total: 10m, last: Now.AddDays(-300));

        var kept = new[] { champion, vip, otherPersona, removed, nobody }.Where(e => CampaignAudiences.Keeps(audience, e, Now)).Select(e => e.CustomerId);

        Assert.Equal(["c1", "c2"], kept);
        Assert.Equal((null, null, true), CampaignAudiences.DirectoryQuery(audience));
        var (ids, tags, all) = CampaignAudiences.DirectoryQuery(new CampaignAudience(CustomerIds: ["c1"]));
        Assert.Equal(["c1"], ids);
        Assert.Null(tags);
        Assert.False(all);
    }

    [Fact]
    public void Deliveries_are_placed_in_chunks_of_the_configured_size()
    {
        var planner = Planner(Spec());
        var deliveries = Enumerable.Range(0, 7).Select(i => planner.ForCustomer(Customer("c" + i))!).ToList();

        var chunks = planner.Chunks(deliveries).ToList();

        Assert.Equal([3, 3, 1], chunks.Select(c => c.Deliveries.Count));
        Assert.All(chunks, c => Assert.Equal(("t1", "cmp1"), (c.TenantId, c.CampaignId)));
        Assert.Equal(7, chunks.SelectMany(c => c.Deliveries).Select(d => d.Message.DeliveryId).Distinct().Count());
    }
}
