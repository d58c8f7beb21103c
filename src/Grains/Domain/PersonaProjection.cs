using PrivateDomain.Contracts;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Grains.Domain;

/// <summary>
/// Applies one event to a persona: who owns each customer, who holds each 1:1 conversation, and what its
/// agents' consoles are told. Pure: agent presence is passed in.
/// </summary>
public static class PersonaProjection
{
    /// <summary>The outcome: feed items to publish and effects on other grains.</summary>
    public sealed record Outcome(IReadOnlyList<ConsoleItem> FeedItems, IReadOnlyList<GrainEffect> Effects);

    private static readonly Outcome Nothing = new([], []);

    public static Outcome Apply(PersonaState s, EngineEvent e, IReadOnlySet<string> onlineAgents)
    {
        if (e.CustomerId is not { } customer) return Nothing;
        var data = EventData.Parse(e.DataJson);
        switch (e.Type)
        {
            case EventTypes.CustomerAdded:
            {
                var requested = data.String("agentId");
                var owner = requested is not null && s.AgentIds.Contains(requested)
                    ? requested
                    : Assign(s, s.Customers.GetValueOrDefault(customer), onlineAgents, e.OccurredAt);
                s.Customers[customer] = owner;
                var item = Item(ConsoleItemKinds.CustomerAdded, e, owner,
                    $"{customer} added {s.Name ?? e.PersonaId} via {data.String("source") ?? "unknown"}");
                return new([item], [GrainEffect.SetOwner(customer, e.PersonaId!, owner)]);
            }
            case EventTypes.CustomerRemoved:
            {
                s.Customers.TryGetValue(customer, out var owner);
                s.Customers.Remove(customer);
                s.Conversations.Remove(customer);
                return new([Item(ConsoleItemKinds.ChurnAlert, e, owner, $"{customer} deleted {s.Name ?? e.PersonaId}")], []);
            }
            case EventTypes.ChatMessage when e.GroupId is null:
                return DirectMessage(s, e, customer, data.String("text") ?? "", onlineAgents);
            default:
                return Nothing;
        }
    }

    /// <summary>
    /// A customer's message: the conversation stays with its agent while they operate the persona; a new one goes to
    /// the customer's owner (while they operate it), else joins the back of the queue, which then drains to whoever is
    /// free, so nobody jumps the queue. A resolved conversation opens again.
    /// </summary>
    private static Outcome DirectMessage(PersonaState s, EngineEvent e, string customer, string text, IReadOnlySet<string> onlineAgents)
    {
        var c = s.Conversations.TryGetValue(customer, out var existing) ? existing : new ConversationState();
        var previous = c.AssignedAgentId;
        var wasWaiting = existing is { AssignedAgentId: null, ResolvedAt: null };
        c.LastText = Text.Clip(text, 200);
        if (e.OccurredAt > c.LastMessageAt) c.LastMessageAt = e.OccurredAt;
        c.Unread++;
        c.ResolvedAt = null;
        s.Conversations[customer] = c;
        var items = new List<ConsoleItem>();
        var keeps = previous is not null && s.AgentIds.Contains(previous);
        if (!keeps)
        {
            var owner = s.Customers.GetValueOrDefault(customer);
            if (previous is null && c.WaitingSince is null && owner is not null && s.AgentIds.Contains(owner)) c.AssignedAgentId = owner;
            else ConversationDesk.Enqueue(c, e.OccurredAt);
        }
        foreach (var (queued, agent) in ConversationDesk.Drain(s, onlineAgents, e.OccurredAt))
        {
            if (queued == customer) continue;
            items.Add(ConversationDesk.Item(ConsoleItemKinds.Assignment, e.OccurredAt, queued, e.PersonaId ?? "", agent,
                $"Conversation with {queued} assigned to {agent} from the queue"));
        }
        if (!s.Customers.ContainsKey(customer)) s.Customers[customer] = c.AssignedAgentId;
        if (c.AssignedAgentId is null)
        {
            if (!wasWaiting) items.Add(Item(ConsoleItemKinds.Queued, e, null, $"Conversation with {customer} is waiting for a free agent"));
        }
        else if (previous != c.AssignedAgentId)
            items.Add(Item(ConsoleItemKinds.Assignment, e, c.AssignedAgentId, $"Conversation with {customer} assigned to {c.AssignedAgentId}"));
        items.Add(Item(ConsoleItemKinds.DirectMessage, e, c.AssignedAgentId, Text.Clip(text, 2000)));
        return new(items, []);
    }

    /// <summary>The owner of a newly added customer (see <see cref="ConversationAssigner.Choose"/>).</summary>
    private static string? Assign(PersonaState s, string? sticky, IReadOnlySet<string> onlineAgents, DateTimeOffset at) =>
        sticky is not null && s.AgentIds.Contains(sticky)
            ? sticky
            : ConversationAssigner.Choose(sticky, ConversationDesk.Loads(s, onlineAgents, at), s.AgentCapacity);

    private static ConsoleItem Item(string kind, EngineEvent e, string? agentId, string text) =>
        new(0, kind, e.OccurredAt, e.CustomerId, e.GroupId, e.PersonaId, agentId, text, e.Id);
}
