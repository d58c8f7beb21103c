using System.Text.Json;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.State;
using static PrivateDomain.Tests.Grains.Events;

namespace PrivateDomain.Tests.Grains;

public abstract class CustomerGrainTests(ClusterFixture fx)
{
    [Collection(SqliteCollection.Name)]
    public sealed class Sqlite(SqliteClusterFixture fx) : CustomerGrainTests(fx);

    [Collection(PostgresCollection.Name)]
    public sealed class Postgres(PostgresClusterFixture fx) : CustomerGrainTests(fx);

    private static readonly DateTimeOffset Now = ClusterFixture.Now;

    private ICustomerGrain Customer(string tenant, string id) => fx.Grains.GetGrain<ICustomerGrain>(TenantKey.Compose(tenant, id));

    private static EngineEvent[] History(string customer, string persona) =>
    [
        Make(EventTypes.CustomerAdded, customer, """{"source":"qr","identities":{"wecom":"wx-1"},"properties":{"city":"Shanghai"},"tags":["new"]}""",
            persona, at: Now.AddDays(-10)),
        Make(EventTypes.CustomerTagged, customer, """{"tags":["vip"]}""", at: Now.AddDays(-5)),
        Make(EventTypes.Purchase, customer, """{"orderId":"o-1","amount":1200,"currency":"CNY"}""", at: Now.AddDays(-3)),
    ];

    [Fact]
    public async Task Delivered_events_show_in_the_customer_360()
    {
        var (customerId, persona) = (NewId("c"), NewId("p"));
        var customer = Customer("t1", customerId);
        Assert.False((await customer.GetAsync()).Known);
        var logged = await fx.AppendAsync("t1", History(customerId, persona));

        var applied = await customer.DeliverAsync(logged);

        var view = await customer.GetAsync();
        Assert.Equal(logged[^1].Sequence, applied);
        Assert.Equal(applied, view.AppliedSequence);
        Assert.True(view.Known);
        Assert.Equal(("t1", customerId), (view.TenantId, view.CustomerId));
        Assert.Equal("wx-1", view.Identities["wecom"]);
        Assert.Equal("Shanghai", view.Properties["city"]);
        Assert.Equal(["new", "vip"], view.Tags);
        Assert.Equal(persona, view.OwnerPersonaId);
        Assert.Equal("qr", view.SourceChannel);
        Assert.Equal(Now.AddDays(-10), view.AddedAt);
        Assert.Equal("first_purchase", view.LifecycleStage);
        Assert.Equal(new RfmFigures(3, 1, 1200m, 5, 1, 3, "new"), view.Rfm);
        Assert.Equal(1200m, view.Ltv);
        Assert.Equal([EventTypes.Purchase, EventTypes.CustomerTagged, EventTypes.CustomerAdded], view.Timeline.Select(t => t.Kind));
    }

    [Fact]
    public async Task Redelivered_events_change_nothing()
    {
        var (customerId, persona) = (NewId("c"), NewId("p"));
        var customer = Customer("t1", customerId);
        await customer.GetAsync();
        var logged = await fx.AppendAsync("t1", History(customerId, persona));
        var applied = await customer.DeliverAsync(logged);
        var before = JsonSerializer.Serialize(await customer.GetAsync());

        Assert.Equal(applied, await customer.DeliverAsync(logged));
        Assert.Equal(applied, await customer.DeliverAsync(logged.Take(2).ToList()));
        Assert.Equal(applied, await customer.DeliverAsync([logged[^1], logged[^1]]));

        var after = await customer.GetAsync();
        Assert.Equal(before, JsonSerializer.Serialize(after));
        Assert.Equal(1, after.Rfm.Frequency);
    }

    [Fact]
    public async Task Same_order_under_a_new_event_id_counts_once()
    {
        var customerId = NewId("c");
        var customer = Customer("t1", customerId);
        await customer.GetAsync();
        var first = await fx.AppendAsync("t1", Make(EventTypes.Purchase, customerId, """{"orderId":"o-7","amount":50}"""));
        var second = await fx.AppendAsync("t1", Make(EventTypes.Purchase, customerId, """{"orderId":"o-7","amount":50}"""));

        await customer.DeliverAsync(first);
        var applied = await customer.DeliverAsync(second);

        var view = await customer.GetAsync();
        Assert.Equal(second[0].Sequence, applied);
        Assert.Equal((1, 50m), (view.Rfm.Frequency, view.Ltv));
    }

    [Fact]
    public async Task State_survives_deactivation()
    {
        var (customerId, persona) = (NewId("c"), NewId("p"));
        var customer = Customer("t1", customerId);
        await customer.GetAsync();
        await customer.DeliverAsync(await fx.AppendAsync("t1", History(customerId, persona)));
        var before = JsonSerializer.Serialize(await customer.GetAsync());

        await fx.Cluster.DeactivateAsync(customer);

        Assert.False(fx.Cluster.TryGetGrainContext(customer.GetGrainId(), out _));
        Assert.Equal(before, JsonSerializer.Serialize(await customer.GetAsync()));
    }

    [Fact]
    public async Task An_idle_customer_whose_effects_are_recorded_deactivates_without_a_write()
    {
        var (customerId, persona) = (NewId("c"), NewId("p"));
        var customer = Customer("t1", customerId);
        await customer.DeliverAsync(await fx.AppendAsync("t1", History(customerId, persona)));
        // The history's effects (feed items for the persona) ran after the write: the first deactivation records them.
        await fx.Cluster.DeactivateAsync(customer);
        var before = JsonSerializer.Serialize(await customer.GetAsync());
        var writes = fx.Storage.Writes(customer.GetGrainId());

        await fx.Cluster.DeactivateAsync(customer);

        Assert.Equal(writes, fx.Storage.Writes(customer.GetGrainId()));
        Assert.Equal(before, JsonSerializer.Serialize(await customer.GetAsync()));
    }

    [Fact]
    public async Task Activation_catches_up_from_the_log()
    {
        var (customerId, persona) = (NewId("c"), NewId("p"));
        var logged = await fx.AppendAsync("t1", History(customerId, persona));

        var view = await Customer("t1", customerId).GetAsync();

        Assert.Equal(logged[^1].Sequence, view.AppliedSequence);
        Assert.True(view.Known);
        Assert.Equal(["new", "vip"], view.Tags);
        Assert.Equal(1, view.Rfm.Frequency);
    }

    [Fact]
    public async Task Events_logged_while_deactivated_are_applied_on_the_next_activation()
    {
        var (customerId, persona) = (NewId("c"), NewId("p"));
        var customer = Customer("t1", customerId);
        var history = History(customerId, persona);
        await customer.DeliverAsync(await fx.AppendAsync("t1", history[0]));
        await fx.Cluster.DeactivateAsync(customer);

        var missed = await fx.AppendAsync("t1", history[1], history[2]);

        var view = await customer.GetAsync();
        Assert.Equal(missed[^1].Sequence, view.AppliedSequence);
        Assert.Equal(["new", "vip"], view.Tags);
        Assert.Equal(3, view.Timeline.Count);
    }

    [Fact]
    public async Task Same_customer_id_in_two_tenants_is_two_customers()
    {
        var customerId = NewId("c");
        var one = Customer("t1", customerId);
        var two = Customer("t2", customerId);
        await fx.AppendAsync("t1", Make(EventTypes.CustomerAdded, customerId, """{"identities":{"wecom":"wx-t1"},"tags":["t1-only"]}""", NewId("p")));
        await two.GetAsync();
        var logged = await fx.AppendAsync("t2", Make(EventTypes.Purchase, customerId, """{"orderId":"o-1","amount":10}"""));
        await two.DeliverAsync(logged);

        var (v1, v2) = (await one.GetAsync(), await two.GetAsync());

        Assert.NotEqual(one.GetGrainId(), two.GetGrainId());
        Assert.Equal(("t1", true, 0), (v1.TenantId, v1.Known, v1.Rfm.Frequency));
        Assert.Equal(["t1-only"], v1.Tags);
        Assert.Equal(("t2", false, 1), (v2.TenantId, v2.Known, v2.Rfm.Frequency));
        Assert.Empty(v2.Tags);
        Assert.Empty(v2.Identities);
    }

    [Fact]
    public async Task Agent_tag_is_kept_and_published_to_the_owner_persona()
    {
        var (customerId, personaId) = (NewId("c"), NewId("p"));
        var customer = Customer("t1", customerId);
        await customer.DeliverAsync(await fx.AppendAsync("t1", Make(EventTypes.CustomerAdded, customerId, persona: personaId)));

        var view = await customer.TagAsync("high-intent", "a1");

        Assert.Contains("high-intent", view.Tags);
        Assert.StartsWith("Tagged high-intent", view.Timeline[0].Summary, StringComparison.Ordinal);
        var persona = fx.Grains.GetGrain<IPersonaGrain>(TenantKey.Compose("t1", personaId));
        var feed = await EventuallyAsync(() => persona.GetFeedAsync(0, 50),
            page => page.Items.Any(i => i.Kind == ConsoleItemKinds.CustomerUpdated));
        Assert.Contains(feed.Items, i => i.Kind == ConsoleItemKinds.CustomerUpdated && i.CustomerId == customerId && i.AgentId == "a1");
    }

    [Fact]
    public async Task Delivery_retried_after_a_failed_state_write_is_persisted_and_its_effects_run()
    {
        var (customerId, agentId) = (NewId("c"), NewId("a"));
        var customer = Customer("t1", customerId);
        await customer.GetAsync();
        var logged = await fx.AppendAsync("t1",
            Make(EventTypes.MaterialOpen, customerId, $$"""{"materialId":"m-1","sharedByAgentId":"{{agentId}}"}"""));
        fx.Storage.FailNextWrites(customer.GetGrainId());

        await Assert.ThrowsAnyAsync<Exception>(() => customer.DeliverAsync(logged));
        var applied = await customer.DeliverAsync(logged);

        // DeliverAsync writes through: the position it reports must be durable when it returns.
        var stored = new GrainState<CustomerState>();
        await fx.Storage.Inner.ReadStateAsync("customer", customer.GetGrainId(), stored);
        Assert.Equal(logged[0].Sequence, applied);
        Assert.True(stored.RecordExists);
        Assert.Equal(applied, stored.State!.AppliedSequence);
        var agent = fx.Grains.GetGrain<IAgentGrain>(TenantKey.Compose("t1", agentId));
        Assert.NotEmpty((await EventuallyAsync(() => agent.GetFeedAsync(0, 10), page => page.Items.Count > 0)).Items);
    }
}
