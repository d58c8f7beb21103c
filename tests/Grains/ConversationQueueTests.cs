using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Domain;
using static PrivateDomain.Tests.Grains.Events;

namespace PrivateDomain.Tests.Grains;

/// <summary>The persona's conversation desk through the grain: queue, claim, transfer, resolve and holds.</summary>
public abstract class ConversationQueueTests(ClusterFixture fx)
{
    [Collection(SqliteClockCollection.Name)]
    public sealed class Sqlite(SqliteClusterFixture fx) : ConversationQueueTests(fx);

    [Collection(PostgresClockCollection.Name)]
    public sealed class Postgres(PostgresClusterFixture fx) : ConversationQueueTests(fx);

    private const string Tenant = "t1";
    private readonly string _personaId = NewId("p");
    private readonly string _a1 = NewId("a");
    private readonly string _a2 = NewId("a");

    private IPersonaGrain Persona => fx.Grains.GetGrain<IPersonaGrain>(TenantKey.Compose(Tenant, _personaId));

    private IAgentGrain Agent(string id) => fx.Grains.GetGrain<IAgentGrain>(TenantKey.Compose(Tenant, id));

    /// <summary>A persona of a1 and a2 with capacity 1 and a1 online.</summary>
    private async Task SetUpAsync()
    {
        await Persona.ConfigureAsync(new PersonaSettings("Coach Lin", [_a1, _a2], AgentCapacity: 1));
        await Agent(_a1).ConnectionChangedAsync("conn-a1", true);
        await EventuallyAsync(() => Persona.GetAsync(), v => v.OnlineAgentIds.Contains(_a1));
    }

    private int _chats;

    /// <summary>A stranger writes, a second after the previous one (the clock is frozen), so the queue order is known.</summary>
    private async Task<string> StrangerChatsAsync()
    {
        var customer = NewId("c");
        await Persona.DeliverAsync(await fx.AppendAsync(Tenant,
            Make(EventTypes.ChatMessage, customer, """{"text":"在吗"}""", _personaId, at: fx.Time.GetUtcNow().AddSeconds(++_chats))));
        return customer;
    }

    private async Task<ConversationView> ConversationAsync(string customer) =>
        (await Persona.GetAsync()).Conversations.Single(c => c.CustomerId == customer);

    [Fact]
    public async Task When_every_online_agent_is_at_capacity_the_conversation_waits_and_the_freed_agent_gets_the_head()
    {
        await SetUpAsync();
        var first = await StrangerChatsAsync();
        var second = await StrangerChatsAsync();
        var third = await StrangerChatsAsync();

        Assert.Equal((_a1, ConversationStatus.Open), ((await ConversationAsync(first)).AssignedAgentId, (await ConversationAsync(first)).Status));
        var waiting = await ConversationAsync(second);
        Assert.Equal((null, ConversationStatus.Waiting), (waiting.AssignedAgentId, waiting.Status));
        Assert.NotNull(waiting.WaitingSince);

        var resolved = await Persona.ResolveAsync(_a1, first);

        Assert.Equal(ConversationOutcomes.Resolved, resolved.Outcome);
        Assert.Equal(_a1, (await ConversationAsync(second)).AssignedAgentId);
        Assert.Null((await ConversationAsync(third)).AssignedAgentId);
        var feed = (await Persona.GetFeedAsync(0, 100)).Items;
        Assert.Contains(feed, i => i.Kind == ConsoleItemKinds.Queued && i.CustomerId == second);
        Assert.Contains(feed, i => i.Kind == ConsoleItemKinds.Assignment && i.CustomerId == second && i.AgentId == _a1);
    }

    [Fact]
    public async Task An_agent_coming_online_takes_the_queue_head()
    {
        await SetUpAsync();
        await StrangerChatsAsync();
        var waiting = await StrangerChatsAsync();

        await Agent(_a2).ConnectionChangedAsync("conn-a2", true);

        Assert.Equal(_a2, (await EventuallyAsync(() => ConversationAsync(waiting), c => c.AssignedAgentId is not null)).AssignedAgentId);
    }

    [Fact]
    public async Task Claim_transfer_and_resolve_are_told_on_the_persona_feed_and_a_stranger_is_refused()
    {
        await SetUpAsync();
        var customer = await StrangerChatsAsync();
        await Agent(_a2).ConnectionChangedAsync("conn-a2", true);
        await EventuallyAsync(() => Persona.GetAsync(), v => v.OnlineAgentIds.Count == 2);

        Assert.Equal(ConversationOutcomes.ConfirmRequired, (await Persona.ClaimAsync(_a2, customer, confirm: false)).Outcome);
        var claimed = await Persona.ClaimAsync(_a2, customer, confirm: true);
        var transferred = await Persona.TransferAsync(_a2, customer, _a1);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Persona.TransferAsync(_a1, customer, NewId("a")));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Persona.ClaimAsync(NewId("a"), customer, confirm: true));
        var resolved = await Persona.ResolveAsync(_a1, customer);

        Assert.Equal((ConversationOutcomes.Claimed, _a2), (claimed.Outcome, claimed.Conversation.AssignedAgentId));
        Assert.Equal((ConversationOutcomes.Transferred, _a1), (transferred.Outcome, transferred.Conversation.AssignedAgentId));
        Assert.Equal(ConversationStatus.Resolved, resolved.Conversation.Status);
        var kinds = (await Persona.GetFeedAsync(0, 100)).Items.Where(i => i.CustomerId == customer).Select(i => i.Kind).ToList();
        Assert.Equal([ConsoleItemKinds.Assignment, ConsoleItemKinds.DirectMessage, ConsoleItemKinds.Claimed, ConsoleItemKinds.Transferred, ConsoleItemKinds.Resolved], kinds);
    }

    [Fact]
    public async Task Hold_is_seen_by_colleagues_lapses_with_time_and_a_reply_over_it_is_recorded()
    {
        await SetUpAsync();
        var customer = await StrangerChatsAsync();

        var hold = await Persona.HoldAsync(_a1, customer, "conn-a1");
        var seenByA2 = await Persona.HoldAsync(_a2, customer, "conn-a2");
        await Persona.ReplyAsync(_a2, customer, "我来回答", NewId("m"));

        Assert.Equal(hold, seenByA2);
        Assert.Equal(_a1, (await ConversationAsync(customer)).Hold?.AgentId);
        var feed = (await Persona.GetFeedAsync(0, 100)).Items.Where(i => i.CustomerId == customer).ToList();
        Assert.Single(feed, i => i.Kind == ConsoleItemKinds.Held && i.AgentId == _a1);
        Assert.Single(feed, i => i.Kind == ConsoleItemKinds.ReplyOverHold && i.AgentId == _a2);

        fx.Time.Advance(ConversationHolds.Lease);

        Assert.Null((await ConversationAsync(customer)).Hold);
        Assert.True((await Persona.HoldAsync(_a2, customer, "conn-a2")).AgentId == _a2);
        var released = await EventuallyAsync(() => Persona.GetFeedAsync(0, 100),
            f => f.Items.Any(i => i.Kind == ConsoleItemKinds.Released && i.CustomerId == customer && i.AgentId == _a1));
        Assert.Contains(released.Items, i => i.Kind == ConsoleItemKinds.Released && i.AgentId == _a1);
    }
}
