using PrivateDomain.Contracts;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Grains.Handover;

/// <summary>
/// Moves customers' ownership inside a persona for a handover. Only ownership and conversation assignment change:
/// conversations, timelines and history stay where they are, so the receiver sees the whole history.
/// </summary>
public static class PersonaHandover
{
    /// <summary>The customers the agent owns in the persona.</summary>
    public static IReadOnlyList<string> OwnedBy(PersonaState s, string agentId) =>
        s.Customers.Where(c => c.Value == agentId).Select(c => c.Key).ToList();

    /// <summary>
    /// Moves each customer still owned by <paramref name="from"/> to <paramref name="to"/> and returns the customers
    /// <paramref name="to"/> now owns (those moved earlier by the same handover count, so a repeat is harmless), with
    /// one feed item per moved conversation. Nothing moves when <paramref name="to"/> no longer operates the persona.
    /// </summary>
    public static (IReadOnlyList<string> Owned, IReadOnlyList<ConsoleItem> Items) Reassign(
        PersonaState s, string personaId, string from, string to, IReadOnlyList<string> customerIds, string reason, DateTimeOffset now)
    {
        if (!s.AgentIds.Contains(to)) return ([], []);
        var owned = new List<string>();
        var items = new List<ConsoleItem>();
        foreach (var id in customerIds.Distinct(StringComparer.Ordinal))
        {
            if (!s.Customers.TryGetValue(id, out var owner)) continue;
            if (owner == to)
            {
                owned.Add(id);
                continue;
            }
            if (owner != from) continue;
            s.Customers[id] = to;
            owned.Add(id);
            // A conversation someone else holds (claimed, transferred) or one in the queue stays where it is.
            if (s.Conversations.TryGetValue(id, out var conversation) && conversation.AssignedAgentId == from)
            {
                conversation.AssignedAgentId = to;
                items.Add(new ConsoleItem(0, ConsoleItemKinds.Assignment, now, id, null, personaId, to,
                    $"Conversation with {id} handed over from {from} to {to}", $"{reason}:{id}"));
            }
        }
        return (owned, items);
    }
}
