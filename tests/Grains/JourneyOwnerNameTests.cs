using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using static PrivateDomain.Tests.Grains.Events;

namespace PrivateDomain.Tests.Grains;

/// <summary><c>{{persona.name}}</c> and <c>{{agent.name}}</c> render the names configured on the persona and agent grains.</summary>
public abstract class JourneyOwnerNameTests(ClusterFixture fx)
{
    [Collection(SqliteCollection.Name)]
    public sealed class Sqlite(SqliteClusterFixture fx) : JourneyOwnerNameTests(fx);

    [Collection(PostgresCollection.Name)]
    public sealed class Postgres(PostgresClusterFixture fx) : JourneyOwnerNameTests(fx);

    private const string Hello = """
        {
          "id": "hello", "name": "Hello", "version": 1,
          "entry": { "type": "event", "event": "customer.added" },
          "start": "hi",
          "steps": [
            { "id": "hi", "type": "action", "action": { "type": "send_message", "kind": "text", "class": "service", "template": "Hi, I'm {{persona.name}}; {{agent.name}} looks after you." }, "next": "done" },
            { "id": "done", "type": "exit" }
          ]
        }
        """;

    /// <summary>A tenant with the journey published and a named persona operated by a named agent.</summary>
    private async Task<(string Tenant, string Persona, string Agent)> SetUpAsync()
    {
        var (tenant, persona, agent) = (NewId("t"), NewId("p"), NewId("a"));
        await fx.Grains.GetGrain<IAgentGrain>(TenantKey.Compose(tenant, agent)).ConfigureAsync(new AgentSettings("Mei"));
        await fx.Grains.GetGrain<IPersonaGrain>(TenantKey.Compose(tenant, persona)).ConfigureAsync(new PersonaSettings("Xiao Wanzi", [agent]));
        await Journeys.PublishAsync(fx.Grains, tenant, Hello);
        return (tenant, persona, agent);
    }

    private async Task<string> SentTextAsync(string tenant, string customerId) =>
        Assert.Single(await EventuallyAsync(() => fx.Outbox.QueryAsync(tenant, customerId, null, 10), m => m.Count > 0)).Text;

    [Fact]
    public async Task Configured_persona_and_agent_names_appear_in_the_sent_text()
    {
        var (tenant, persona, agent) = await SetUpAsync();
        var customerId = NewId("c");
        var customer = fx.Grains.GetGrain<ICustomerGrain>(TenantKey.Compose(tenant, customerId));
        await customer.SetOwnerAsync(persona, agent);

        await customer.DeliverAsync(await fx.AppendAsync(tenant, Make(EventTypes.CustomerAdded, customerId, persona: persona)));

        Assert.Equal("Hi, I'm Xiao Wanzi; Mei looks after you.", await SentTextAsync(tenant, customerId));
    }

    [Fact]
    public async Task A_persona_set_by_the_entering_event_is_named_before_an_agent_is_assigned()
    {
        var (tenant, persona, _) = await SetUpAsync();
        var customerId = NewId("c");
        var customer = fx.Grains.GetGrain<ICustomerGrain>(TenantKey.Compose(tenant, customerId));

        await customer.DeliverAsync(await fx.AppendAsync(tenant, Make(EventTypes.CustomerAdded, customerId, persona: persona)));

        Assert.Equal("Hi, I'm Xiao Wanzi;  looks after you.", await SentTextAsync(tenant, customerId));
    }
}
