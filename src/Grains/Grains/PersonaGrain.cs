using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Domain;
using PrivateDomain.Grains.State;
using PrivateDomain.Storage;

namespace PrivateDomain.Grains.Grains;

/// <summary>One persona: its agents, its customers' owners, 1:1 conversation assignment, replies and its console feed.</summary>
[ImplicitStreamSubscription(EventStreamNamespaces.Persona)]
public sealed partial class PersonaGrain(
    [PersistentState("persona")] IPersistentState<PersonaState> state,
    IEventLog log,
    IOutbox outbox,
    TimeProvider time,
    ILogger<PersonaGrain> logger)
    : EventStreamGrain<PersonaState>(state, log, logger), IPersonaGrain
{
    public const string Channel = "wecom";
    private readonly HashSet<string> _online = new(StringComparer.Ordinal);
    private readonly List<ConsoleItem> _toPush = [];

    protected override StreamKind Kind => StreamKind.Persona;

    protected override async Task OnActivatingAsync(CancellationToken cancellationToken)
    {
        // Presence is volatile: ask the agents (their GetAsync interleaves, so this cannot deadlock).
        foreach (var agentId in S.AgentIds)
        {
            var agent = await GrainFactory.GetGrain<IAgentGrain>(TenantKey.Compose(TenantId, agentId)).GetAsync();
            if (agent.Online) _online.Add(agentId);
        }
        StartSweep();
    }

    protected override IReadOnlyList<GrainEffect> Apply(EngineEvent e)
    {
        var outcome = PersonaProjection.Apply(S, e, _online);
        _toPush.AddRange(FeedPublisher.Append(S.Feed, outcome.FeedItems));
        return outcome.Effects;
    }

    public Task<PersonaView> GetAsync()
    {
        var conversations = ConversationViews(time.GetUtcNow());
        return Task.FromResult(new PersonaView(TenantId, EntityId, S.Name, S.AgentIds.ToList(),
            S.AgentIds.Where(_online.Contains).ToList(), S.Customers.Count, conversations, S.Feed.Sequence));
    }

    public async Task<PersonaView> ConfigureAsync(PersonaSettings settings)
    {
        var removed = S.AgentIds.Except(settings.AgentIds).ToList();
        var added = settings.AgentIds.Except(S.AgentIds).ToList();
        S.Name = settings.Name;
        S.AgentIds.Clear();
        S.AgentIds.AddRange(settings.AgentIds.Distinct());
        S.AgentCapacity = settings.AgentCapacity;
        // Agents removed or capacity raised: conversations move back to the queue and the queue drains.
        _toPush.AddRange(FeedPublisher.Append(S.Feed, ConversationDesk.Requeue(S, EntityId, _online, time.GetUtcNow())));
        await PersistAsync();
        foreach (var a in added) await Agent(a).SetPersonaAsync(EntityId, true);
        foreach (var a in removed) await Agent(a).SetPersonaAsync(EntityId, false);
        return await GetAsync();
    }

    public Task<bool> IsOperatedByAsync(string agentId) => Task.FromResult(S.AgentIds.Contains(agentId));

    public async Task SetAgentPresenceAsync(string agentId, bool online)
    {
        if (online) _online.Add(agentId); else _online.Remove(agentId);
        if (online) await PublishDeskAsync(ConversationDesk.DrainItems(S, EntityId, _online, time.GetUtcNow()));
    }

    public Task<OutboxMessage> ReplyAsync(string agentId, string customerId, string text, string clientMessageId) =>
        SendAsync(agentId, customerId, new ReplyContent(ReplyKinds.Text, text), clientMessageId);

    public Task<IReadOnlyList<string>> GetOwnedCustomersAsync(string agentId) => Task.FromResult(Handover.PersonaHandover.OwnedBy(S, agentId));

    public async Task<IReadOnlyList<string>> ReassignOwnersAsync(string fromAgentId, string toAgentId, IReadOnlyList<string> customerIds, string reason)
    {
        var (owned, items) = Handover.PersonaHandover.Reassign(S, EntityId, fromAgentId, toAgentId, customerIds, reason, time.GetUtcNow());
        _toPush.AddRange(FeedPublisher.Append(S.Feed, items));
        await PersistAsync();
        return owned;
    }

    public async Task MarkReadAsync(string agentId, string customerId)
    {
        if (!S.AgentIds.Contains(agentId)) throw new AccessDeniedException($"Agent {agentId} does not operate persona {EntityId}.");
        if (!S.Conversations.TryGetValue(customerId, out var conversation) || conversation.Unread == 0) return;
        conversation.Unread = 0;
        await PersistAsync();
    }

    public async Task<OutboxMessage> SendAsync(string agentId, string customerId, ReplyContent content, string clientMessageId)
    {
        if (!S.AgentIds.Contains(agentId)) throw new AccessDeniedException($"Agent {agentId} does not operate persona {EntityId}.");
        if (!S.Customers.ContainsKey(customerId) && !S.Conversations.ContainsKey(customerId))
            throw new AccessDeniedException($"Customer {customerId} is not a customer of persona {EntityId}.");
        var now = time.GetUtcNow();
        var body = Scripts.ReplyContentRules.Body(content);
        var message = await outbox.EnqueueAsync(new OutboxMessage($"reply:{EntityId}:{clientMessageId}", TenantId, Channel, EntityId,
            customerId, null, agentId, content.Kind, body, now, OutboxStatus.Pending, null));
        RecordReply(agentId, customerId, now);
        if (S.Conversations.TryGetValue(customerId, out var conversation))
        {
            conversation.Unread = 0;
            conversation.LastText = Text.Clip(body, 200);
            conversation.LastMessageAt = now;
        }
        // A retry of the same client id finds its item in the feed: nothing is appended and the script is not counted twice.
        var appended = FeedPublisher.Append(S.Feed,
            [new ConsoleItem(0, ConsoleItemKinds.ReplySent, now, customerId, null, EntityId, agentId, Text.Clip(body, 2000), message.DeliveryId)]);
        _toPush.AddRange(appended);
        await PersistAsync();
        if (appended.Count > 0 && content.ScriptId is { } scriptId)
            GrainFactory.GetGrain<IScriptLibraryGrain>(TenantKey.Compose(TenantId, EntityId)).RecordUseAsync(scriptId, now).Ignore();
        return message;
    }

    public async Task RecordDeliveryAsync(DeliveryReport report)
    {
        var text = report.Status == OutboxStatus.Failed ? $"failed: {report.Error ?? "unknown error"}" : report.Status;
        await PublishAsync(new ConsoleItem(0, ConsoleItemKinds.ReplyDelivery, report.At, report.CustomerId, null, EntityId, report.AgentId,
            Text.Clip(text, 500), report.DeliveryId));
    }

    public Task PublishAsync(ConsoleItem item) => PublishManyAsync([item]);

    public async Task PublishManyAsync(IReadOnlyList<ConsoleItem> items)
    {
        _toPush.AddRange(FeedPublisher.Append(S.Feed, items.Select(item => item with { PersonaId = EntityId })));
        if (_toPush.Count == 0) return;
        await PersistAsync();
    }

    public Task<ConsoleFeedPage> GetFeedAsync(long afterSequence, int max) => Task.FromResult(Feed.Page(S.Feed, afterSequence, max));

    private IAgentGrain Agent(string agentId) => GrainFactory.GetGrain<IAgentGrain>(TenantKey.Compose(TenantId, agentId));

    protected override void AfterPersist()
    {
        if (_toPush.Count == 0) return;
        FeedPublisher.Push(GrainFactory, TenantId, FeedOwnerKind.Persona, EntityId, _toPush);
        _toPush.Clear();
    }
}
