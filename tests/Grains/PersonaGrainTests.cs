using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using static PrivateDomain.Tests.Grains.Events;

namespace PrivateDomain.Tests.Grains;

public abstract class PersonaGrainTests(ClusterFixture fx)
{
    [Collection(SqliteCollection.Name)]
    public sealed class Sqlite(SqliteClusterFixture fx) : PersonaGrainTests(fx);

    [Collection(PostgresCollection.Name)]
    public sealed class Postgres(PostgresClusterFixture fx) : PersonaGrainTests(fx);

    private const string Tenant = "t1";
    private readonly string _personaId = NewId("p");
    private readonly string _a1 = NewId("a");
    private readonly string _a2 = NewId("a");

    private IPersonaGrain Persona => fx.Grains.GetGrain<IPersonaGrain>(TenantKey.Compose(Tenant, _personaId));

    private IAgentGrain Agent(string id) => fx.Grains.GetGrain<IAgentGrain>(TenantKey.Compose(Tenant, id));

    private ICustomerGrain Customer(string id) => fx.Grains.GetGrain<ICustomerGrain>(TenantKey.Compose(Tenant, id));

    /// <summary>A configured persona with a customer added for agent a2.</summary>
    private async Task<string> PersonaWithCustomerAsync()
    {
        await Persona.ConfigureAsync(new PersonaSettings("Coach Lin", [_a1, _a2]));
        var customerId = NewId("c");
        var added = Make(EventTypes.CustomerAdded, customerId, $$"""{"agentId":"{{_a2}}","source":"qr"}""", _personaId);
        await Persona.DeliverAsync(await fx.AppendAsync(Tenant, added));
        return customerId;
    }

    private async Task ChatAsync(string customerId, string text) =>
        await Persona.DeliverAsync(await fx.AppendAsync(Tenant,
            Make(EventTypes.ChatMessage, customerId, $$"""{"text":"{{text}}"}""", _personaId, at: ClusterFixture.Now.AddMinutes(1))));

    [Fact]
    public async Task Configured_agents_list_the_persona()
    {
        var view = await Persona.ConfigureAsync(new PersonaSettings("Coach Lin", [_a1, _a2]));

        Assert.Equal([_a1, _a2], view.AgentIds);
        Assert.Contains(_personaId, (await Agent(_a1).GetAsync()).PersonaIds);
        Assert.Contains(_personaId, (await Agent(_a2).GetAsync()).PersonaIds);
        Assert.True(await Persona.IsOperatedByAsync(_a1));
        Assert.False(await Persona.IsOperatedByAsync(NewId("a")));
    }

    [Fact]
    public async Task Agent_removed_from_the_persona_no_longer_lists_it()
    {
        await Persona.ConfigureAsync(new PersonaSettings("Coach Lin", [_a1, _a2]));

        await Persona.ConfigureAsync(new PersonaSettings("Coach Lin", [_a2]));

        Assert.DoesNotContain(_personaId, (await Agent(_a1).GetAsync()).PersonaIds);
        Assert.False(await Persona.IsOperatedByAsync(_a1));
    }

    [Fact]
    public async Task Customer_added_for_an_agent_becomes_owned_by_that_agent()
    {
        var customerId = await PersonaWithCustomerAsync();

        var view = await EventuallyAsync(() => Customer(customerId).GetAsync(), v => v.OwnerAgentId is not null);

        Assert.Equal(_a2, view.OwnerAgentId);
        Assert.Equal(_personaId, view.OwnerPersonaId);
        Assert.Equal(1, (await Persona.GetAsync()).CustomerCount);
    }

    [Fact]
    public async Task Direct_chat_opens_an_unread_conversation_with_feed_items()
    {
        var customerId = await PersonaWithCustomerAsync();

        await ChatAsync(customerId, "在吗");

        var conversation = Assert.Single((await Persona.GetAsync()).Conversations);
        Assert.Equal((customerId, _a2, 1, "在吗"), (conversation.CustomerId, conversation.AssignedAgentId, conversation.Unread, conversation.LastText));
        var feed = await Persona.GetFeedAsync(0, 100);
        Assert.Equal([ConsoleItemKinds.CustomerAdded, ConsoleItemKinds.Assignment, ConsoleItemKinds.DirectMessage], feed.Items.Select(i => i.Kind));
        Assert.Equal([1L, 2L, 3L], feed.Items.Select(i => i.Sequence));
        Assert.Equal(3, feed.HeadSequence);
        Assert.All(feed.Items, i => Assert.Equal(_personaId, i.PersonaId));
    }

    [Fact]
    public async Task Reply_by_an_agent_not_operating_the_persona_is_denied()
    {
        var customerId = await PersonaWithCustomerAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => Persona.ReplyAsync(NewId("a"), customerId, "hi", "m-1"));
        Assert.Empty(await fx.Outbox.QueryAsync(Tenant, customerId, null, 10));
    }

    [Fact]
    public async Task Reply_to_someone_not_a_customer_of_the_persona_is_denied()
    {
        await PersonaWithCustomerAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => Persona.ReplyAsync(_a1, NewId("c"), "hi", "m-1"));
    }

    [Fact]
    public async Task Reply_goes_to_the_outbox_once_per_client_message_id()
    {
        var customerId = await PersonaWithCustomerAsync();
        await ChatAsync(customerId, "在吗");

        var sent = await Persona.ReplyAsync(_a1, customerId, "您好", "m-1");
        var resent = await Persona.ReplyAsync(_a1, customerId, "您好", "m-1");

        Assert.Equal($"reply:{_personaId}:m-1", sent.DeliveryId);
        Assert.Equal((Tenant, _personaId, customerId, _a1, "您好", OutboxStatus.Pending), (sent.TenantId, sent.PersonaId, sent.CustomerId, sent.AgentId, sent.Text, sent.Status));
        Assert.Equal(sent, resent);
        var row = Assert.Single(await fx.Outbox.QueryAsync(Tenant, customerId, null, 10));
        Assert.Equal(sent.DeliveryId, row.DeliveryId);
        Assert.Equal(0, Assert.Single((await Persona.GetAsync()).Conversations).Unread);
        var feed = await Persona.GetFeedAsync(0, 100);
        Assert.Single(feed.Items, i => i.Kind == ConsoleItemKinds.ReplySent);
    }

    [Fact]
    public async Task The_console_feed_survives_reactivation_and_its_sequence_continues()
    {
        await Persona.ConfigureAsync(new PersonaSettings("Coach Lin", [_a1]));
        // More than one packed run of items (the feed keeps encoded runs of 50 in memory), optional ids present and absent.
        for (var i = 0; i < 60; i++) await ChatAsync(NewId("c"), $"question {i}: 滤芯多久换一次？");
        var before = await Persona.GetFeedAsync(0, 500);

        await fx.Cluster.DeactivateAsync(Persona);
        var after = await Persona.GetFeedAsync(0, 500);
        await ChatAsync(NewId("c"), "one more");
        var next = await Persona.GetFeedAsync(after.HeadSequence, 500);

        Assert.True(before.Items.Count > 60, $"{before.Items.Count} feed items");
        Assert.Equal(before.Items, after.Items);
        Assert.Equal(before.HeadSequence, after.HeadSequence);
        Assert.All(next.Items, i => Assert.True(i.Sequence > after.HeadSequence));
        Assert.Equal(after.HeadSequence + 1, next.Items[0].Sequence);
    }

    [Fact]
    public async Task Conversation_goes_to_the_agent_who_is_online_and_presence_survives_persona_reactivation()
    {
        await Persona.ConfigureAsync(new PersonaSettings("Coach Lin", [_a1, _a2]));
        // The other agent would win a tie on id, so only presence can make this one the choice.
        var online = string.CompareOrdinal(_a1, _a2) > 0 ? _a1 : _a2;
        await Agent(online).ConnectionChangedAsync("conn-1", true);
        await EventuallyAsync(() => Persona.GetAsync(), v => v.OnlineAgentIds.Count > 0);
        var customerId = NewId("c");

        await ChatAsync(customerId, "hello?");

        Assert.Equal(online, Assert.Single((await Persona.GetAsync()).Conversations).AssignedAgentId);
        await fx.Cluster.DeactivateAsync(Persona);
        Assert.Equal([online], (await Persona.GetAsync()).OnlineAgentIds);
        await Agent(online).ConnectionChangedAsync("conn-1", false);
        Assert.Empty((await EventuallyAsync(() => Persona.GetAsync(), v => v.OnlineAgentIds.Count == 0)).OnlineAgentIds);
    }
}
