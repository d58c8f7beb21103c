using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Storage;
using static PrivateDomain.Tests.Grains.Events;

namespace PrivateDomain.Tests.Grains;

/// <summary>
/// The customer grain keeps its entry in the campaign directory (<see cref="ICustomerDirectory"/>) on both backends:
/// written before the state write whenever a directory field changes, from events and commands alike.
/// </summary>
public abstract class CustomerDirectoryTests(ClusterFixture fx)
{
    [Collection(SqliteCollection.Name)]
    public sealed class Sqlite(SqliteClusterFixture fx) : CustomerDirectoryTests(fx);

    [Collection(PostgresCollection.Name)]
    public sealed class Postgres(PostgresClusterFixture fx) : CustomerDirectoryTests(fx);

    private readonly string _tenant = NewId("t"), _persona = NewId("p");

    private ICustomerDirectory Directory => fx.SiloServices.GetRequiredService<ICustomerDirectory>();

    private ICustomerGrain Customer(string id) => fx.Grains.GetGrain<ICustomerGrain>(TenantKey.Compose(_tenant, id));

    private async Task DeliverAsync(string customer, params EngineEvent[] events) =>
        await Customer(customer).DeliverAsync(await fx.AppendAsync(_tenant, events));

    private Task<IReadOnlyList<CustomerDirectoryEntry>> ByTagAsync(string tag) =>
        Directory.PageAsync(_tenant, null, [tag], all: false, after: null, limit: 100);

    [Fact]
    public async Task A_customer_added_with_tags_is_in_the_directory_by_tag_and_follows_retags_owner_changes_and_purchases()
    {
        var c = NewId("c");
        // The persona assigns the requested agent to the new customer (its SetOwnerAsync effect, after the event is applied).
        var persona = fx.Grains.GetGrain<IPersonaGrain>(TenantKey.Compose(_tenant, _persona));
        await persona.ConfigureAsync(new PersonaSettings("Wanzi", ["a-1"]));
        var added = await fx.AppendAsync(_tenant, Make(EventTypes.CustomerAdded, c,
            """{"agentId":"a-1","tags":["vip","new"],"properties":{"name":"Lin","timezone":"Asia/Tokyo"}}""", _persona));
        await Customer(c).DeliverAsync(added);
        await persona.DeliverAsync(added);

        var entry = Assert.Single(await EventuallyAsync(() => ByTagAsync("vip"), p => p.Count == 1 && p[0].OwnerAgentId is not null));
        Assert.Equal((c, _persona, "a-1", "Lin", "Asia/Tokyo"), (entry.CustomerId, entry.OwnerPersonaId, entry.OwnerAgentId, entry.Name, entry.TimeZone));
        Assert.Equal(["vip", "new"], entry.Tags);

        await DeliverAsync(c, Make(EventTypes.CustomerTagged, c, """{"tags":["gold"],"removeTags":["vip"]}"""));
        await Customer(c).SetOwnerAsync(_persona, "a-2");
        await Customer(c).TagAsync("agent-tag", "a-2");
        await DeliverAsync(c, Make(EventTypes.Purchase, c, """{"orderId":"o-1","amount":99.5}""", at: ClusterFixture.Now.AddDays(-1)));

        Assert.Empty(await ByTagAsync("vip"));
        entry = Assert.Single(await ByTagAsync("agent-tag"));
        Assert.Equal(["new", "gold", "agent-tag"], entry.Tags);
        Assert.Equal(("a-2", 1, 99.5m, ClusterFixture.Now.AddDays(-1)), (entry.OwnerAgentId, entry.PurchaseCount, entry.PurchaseTotal, entry.LastPurchaseAt));

        await DeliverAsync(c, Make(EventTypes.CustomerRemoved, c, persona: _persona));

        Assert.Empty(await ByTagAsync("gold"));
        Assert.Empty(await Directory.PageAsync(_tenant, [c], null, all: false, after: null, limit: 10));
    }

    [Fact]
    public async Task Customers_only_seen_in_behaviour_are_not_written_and_unchanged_customers_are_not_rewritten()
    {
        var (seen, known) = (NewId("c"), NewId("c"));
        await DeliverAsync(seen, Make(EventTypes.PageView, seen, """{"title":"home"}"""));
        await DeliverAsync(known, Make(EventTypes.CustomerAdded, known, """{"tags":["x"]}""", _persona));
        // Overwrite the entry behind the grain's back: a page view changes no directory field, so the grain leaves it be.
        await Directory.UpsertAsync([new CustomerDirectoryEntry(_tenant, known, _persona, null, "Sentinel", null, ["x"], 0, 0m, null, false)]);

        await DeliverAsync(known, Make(EventTypes.PageView, known, """{"title":"home"}"""));

        Assert.Equal("Sentinel", Assert.Single(await Directory.PageAsync(_tenant, [seen, known], null, all: false, after: null, limit: 10)).Name);
    }
}

/// <summary>A campaign selects its 1:1 audience from the directory the customer grains keep: no direct directory writes.</summary>
[Collection(SqliteCollection.Name)]
public sealed class CampaignFromIngestedCustomersTests(SqliteClusterFixture fx)
{
    [Fact]
    public async Task A_campaign_by_customer_tag_reaches_customers_only_ever_ingested_as_events()
    {
        var (tenant, persona) = (NewId("t"), NewId("p"));
        await fx.Grains.GetGrain<IPersonaGrain>(TenantKey.Compose(tenant, persona)).ConfigureAsync(new PersonaSettings("Wanzi", ["a-1"]));
        var (c1, c2, other) = (NewId("c"), NewId("c"), NewId("c"));
        foreach (var (c, data) in new[] { (c1, """{"tags":["vip"],"properties":{"name":"Lin"}}"""), (c2, """{"tags":["new"]}"""), (other, """{"tags":["new"]}""") })
            await fx.Grains.GetGrain<ICustomerGrain>(TenantKey.Compose(tenant, c)).DeliverAsync(await fx.AppendAsync(tenant, Make(EventTypes.CustomerAdded, c, data, persona)));
        // c2 becomes a vip later (a tag event), other never does.
        await fx.Grains.GetGrain<ICustomerGrain>(TenantKey.Compose(tenant, c2)).DeliverAsync(await fx.AppendAsync(tenant, Make(EventTypes.CustomerTagged, c2, """{"tags":["vip"]}""")));

        var id = NewId("cmp");
        var campaign = fx.Grains.GetGrain<ICampaignGrain>(TenantKey.Compose(tenant, id));
        await campaign.CreateAsync(new CampaignSpec("Vip", new CampaignAudience(CustomerTags: ["vip"]), new CampaignMessage("text", "Hi {{customer.name|there}}"), Channel: "sms"), "op");
        var view = await EventuallyAsync(async () => (await campaign.GetAsync())!, v => v.State != CampaignStates.Planning);

        Assert.Equal(2L, view.Counts.Deliveries);
        var rows = (await fx.Outbox.QueryAsync(tenant, null, null, 10)).Where(m => m.DeliveryId.StartsWith("cmp:", StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { $"cmp:{id}:c:{c1}", $"cmp:{id}:c:{c2}" }.Order(StringComparer.Ordinal), rows.Select(r => r.DeliveryId).Order(StringComparer.Ordinal));
        Assert.Equal("Hi Lin", rows.Single(r => r.CustomerId == c1).Text);
    }
}
