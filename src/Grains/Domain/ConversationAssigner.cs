namespace PrivateDomain.Grains.Domain;

/// <summary>One agent's standing for assignment: whether they are online and how many conversations they hold.</summary>
public readonly record struct AgentLoad(string AgentId, bool Online, int OpenConversations);

/// <summary>
/// Chooses who answers a 1:1 conversation for a persona: the sticky owner while they still operate the
/// persona, else the least-loaded online agent under capacity, else (nobody online) the least-loaded agent
/// so the conversation is never unowned. Ties break by agent id so the choice is deterministic.
/// </summary>
public static class ConversationAssigner
{
    public static string? Choose(string? stickyOwner, IReadOnlyList<AgentLoad> agents, int capacity)
    {
        if (agents.Count == 0) return null;
        if (stickyOwner is not null && agents.Any(a => a.AgentId == stickyOwner)) return stickyOwner;

        static IEnumerable<AgentLoad> Order(IEnumerable<AgentLoad> xs) =>
            xs.OrderBy(a => a.OpenConversations).ThenBy(a => a.AgentId, StringComparer.Ordinal);

        var online = Order(agents.Where(a => a.Online && a.OpenConversations < capacity)).FirstOrDefault();
        if (online.AgentId is not null) return online.AgentId;
        var anyOnline = Order(agents.Where(a => a.Online)).FirstOrDefault();
        if (anyOnline.AgentId is not null) return anyOnline.AgentId;
        return Order(agents).First().AgentId;
    }
}
