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
                    : Assign(s, s.Customers.GetValueOrDefault(customer), onlineAgents);
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
            {
                var conversation = s.Conversations.TryGetValue(customer, out var c) ? c : new ConversationState();
                var previous = conversation.AssignedAgentId;
                var sticky = previous ?? s.Customers.GetValueOrDefault(customer);
                conversation.AssignedAgentId = Assign(s, sticky, onlineAgents);
                var text = data.String("text") ?? "";
                conversation.LastText = Text.Clip(text, 200);
                if (e.OccurredAt > conversation.LastMessageAt) conversation.LastMessageAt = e.OccurredAt;
                conversation.Unread++;
                s.Conversations[customer] = conversation;
                if (!s.Customers.ContainsKey(customer)) s.Customers[customer] = conversation.AssignedAgentId;
                var items = new List<ConsoleItem>();
                if (previous != conversation.AssignedAgentId)
                    items.Add(Item(ConsoleItemKinds.Assignment, e, conversation.AssignedAgentId,
                        $"Conversation with {customer} assigned to {conversation.AssignedAgentId}"));
                items.Add(Item(ConsoleItemKinds.DirectMessage, e, conversation.AssignedAgentId, Text.Clip(text, 2000)));
                return new(items, []);
            }
            default:
                return Nothing;
        }
    }

    /// <summary>
    /// The sticky owner while they still operate the persona (the common case, decided without counting loads);
    /// otherwise the assigner's choice over every agent's current load.
    /// </summary>
    private static string? Assign(PersonaState s, string? sticky, IReadOnlySet<string> onlineAgents) =>
        sticky is not null && s.AgentIds.Contains(sticky)
            ? sticky
            : ConversationAssigner.Choose(sticky, Loads(s, onlineAgents), s.AgentCapacity);

    /// <summary>Open conversations held per agent of the persona.</summary>
    public static IReadOnlyList<AgentLoad> Loads(PersonaState s, IReadOnlySet<string> onlineAgents)
    {
        var held = s.Conversations.Values
            .Where(c => c.AssignedAgentId is not null && c.Unread > 0)
            .GroupBy(c => c.AssignedAgentId!)
            .ToDictionary(g => g.Key, g => g.Count());
        return s.AgentIds.Select(a => new AgentLoad(a, onlineAgents.Contains(a), held.GetValueOrDefault(a))).ToList();
    }

    private static ConsoleItem Item(string kind, EngineEvent e, string? agentId, string text) =>
        new(0, kind, e.OccurredAt, e.CustomerId, e.GroupId, e.PersonaId, agentId, text, e.Id);
}
