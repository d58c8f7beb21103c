using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using static PrivateDomain.Tests.Grains.Events;

namespace PrivateDomain.Tests.Grains;

/// <summary>
/// Tag entry triggers in the customer grain: a tag added or removed by a logged event, an agent or a journey's own
/// add_tag/remove_tag action enters the journeys listening for that edge, once per cause.
/// </summary>
public abstract class JourneyTagEntryTests(ClusterFixture fx)
{
    [Collection(SqliteCollection.Name)]
    public sealed class Sqlite(SqliteClusterFixture fx) : JourneyTagEntryTests(fx);

    [Collection(PostgresCollection.Name)]
    public sealed class Postgres(PostgresClusterFixture fx) : JourneyTagEntryTests(fx);

    private static readonly DateTimeOffset Now = ClusterFixture.Now;

    private static string OnTag(string id, string tag, string on) => $$"""
        {
          "id": "{{id}}", "name": "{{id}}", "version": 1,
          "entry": { "type": "tag", "tag": "{{tag}}", "on": "{{on}}" },
          "reentry": { "mode": "after_exit" }, "maxConcurrent": 1,
          "start": "wait",
          "steps": [
            { "id": "wait", "type": "wait", "duration": "61d", "next": "done" },
            { "id": "done", "type": "exit" }
          ]
        }
        """;

    private const string TagsVip = """
        {
          "id": "tags-vip", "name": "Tags VIPs", "version": 1,
          "entry": { "type": "event", "event": "customer.added", "filters": [ { "path": "data.source", "op": "eq", "value": "store_qr" } ] },
          "start": "tag",
          "steps": [
            { "id": "tag", "type": "action", "action": { "type": "add_tag", "tag": "super_user" }, "next": "done" },
            { "id": "done", "type": "exit" }
          ]
        }
        """;

    private ICustomerGrain Customer(string tenant, string id) => fx.Grains.GetGrain<ICustomerGrain>(TenantKey.Compose(tenant, id));

    private Task PublishAsync(string tenant, string json) => Journeys.PublishAsync(fx.Grains, tenant, json);

    private static int Entries(CustomerView view, string journey) =>
        view.Timeline.Count(t => t.Kind == "journey" && t.Summary.StartsWith($"Entered journey {journey} ", StringComparison.Ordinal));

    [Fact]
    public async Task A_logged_tag_event_enters_the_tag_journey_once_even_when_redelivered()
    {
        var (tenant, customerId, persona) = (NewId("t"), NewId("c"), NewId("p"));
        await PublishAsync(tenant, OnTag("six", "super_user", "enter"));
        var customer = Customer(tenant, customerId);
        var logged = await fx.AppendAsync(tenant,
            Make(EventTypes.CustomerAdded, customerId, """{"source":"qr"}""", persona, at: Now.AddDays(-2)),
            Make(EventTypes.CustomerTagged, customerId, """{"tags":["super_user"]}""", at: Now.AddDays(-1)));

        await customer.DeliverAsync(logged);
        await customer.DeliverAsync(logged);

        var view = await customer.GetAsync();
        var running = Assert.Single(view.Journeys);
        Assert.Equal(("six", "wait", (DateTimeOffset?)Now.AddDays(60)), (running.JourneyId, running.StepId, running.WaitingUntil));
        Assert.Equal(1, Entries(view, "six"));
        Assert.Contains(view.Timeline, t => t.Summary.Contains("(tag added: super_user)"));
    }

    [Fact]
    public async Task A_tag_in_the_added_event_enters_as_well()
    {
        var (tenant, customerId, persona) = (NewId("t"), NewId("c"), NewId("p"));
        await PublishAsync(tenant, OnTag("six", "super_user", "enter"));
        var customer = Customer(tenant, customerId);
        await customer.DeliverAsync(await fx.AppendAsync(tenant,
            Make(EventTypes.CustomerAdded, customerId, """{"source":"qr","tags":["src:qr","super_user"]}""", persona, at: Now.AddDays(-1))));

        Assert.Equal("six", Assert.Single((await customer.GetAsync()).Journeys).JourneyId);
    }

    [Fact]
    public async Task An_agent_tag_enters_on_enter_and_its_removal_on_leave()
    {
        var (tenant, customerId, persona) = (NewId("t"), NewId("c"), NewId("p"));
        await PublishAsync(tenant, OnTag("six", "super_user", "enter"));
        await PublishAsync(tenant, OnTag("lost", "super_user", "leave"));
        var customer = Customer(tenant, customerId);
        await customer.DeliverAsync(await fx.AppendAsync(tenant,
            Make(EventTypes.CustomerAdded, customerId, """{"source":"qr"}""", persona, at: Now.AddDays(-1))));

        var view = await customer.TagAsync("super_user", "agent-1");
        Assert.Equal(["six"], view.Journeys.Select(j => j.JourneyId));
        view = await customer.TagAsync("super_user", "agent-1"); // already tagged: nothing changes
        Assert.Equal(1, Entries(view, "six"));

        view = await customer.TagAsync("super_user", "agent-1", remove: true);
        Assert.Equal(["lost", "six"], view.Journeys.Select(j => j.JourneyId).Order());
        Assert.Contains(view.Timeline, t => t.Summary.Contains("(tag removed: super_user)"));
        view = await customer.TagAsync("super_user", "agent-1", remove: true);
        Assert.Equal(1, Entries(view, "lost"));
    }

    [Fact]
    public async Task A_journey_add_tag_action_enters_the_tag_journey_in_the_same_decision()
    {
        var (tenant, customerId, persona) = (NewId("t"), NewId("c"), NewId("p"));
        await PublishAsync(tenant, TagsVip);
        await PublishAsync(tenant, OnTag("six", "super_user", "enter"));
        var customer = Customer(tenant, customerId);
        var logged = await fx.AppendAsync(tenant,
            Make(EventTypes.CustomerAdded, customerId, """{"source":"store_qr"}""", persona, at: Now.AddDays(-1)));

        await customer.DeliverAsync(logged);
        await customer.DeliverAsync(logged);

        var view = await customer.GetAsync();
        Assert.Contains("super_user", view.Tags);
        Assert.Equal("six", Assert.Single(view.Journeys).JourneyId);
        Assert.Equal(1, Entries(view, "six"));
    }
}
