namespace PrivateDomain.Grains.Domain;

/// <summary>One agent's standing for assignment: whether they are online and how many open conversations they hold.</summary>
public readonly record struct AgentLoad(string AgentId, bool Online, int OpenConversations);

/// <summary>
/// Chooses agents of a persona. Ties break by agent id (ordinal) so every choice is deterministic.
/// </summary>
public static class ConversationAssigner
{
    /// <summary>
    /// The owner of a customer: the sticky owner while they still operate the persona, else the least-loaded online
    /// agent under capacity, else the least-loaded online agent, else (nobody online) the least-loaded agent, so a
    /// customer is never unowned while the persona has agents.
    /// </summary>
    public static string? Choose(string? stickyOwner, IReadOnlyList<AgentLoad> agents, int capacity)
    {
        if (agents.Count == 0) return null;
        if (stickyOwner is not null && agents.Any(a => a.AgentId == stickyOwner)) return stickyOwner;
        return NextFree(agents, capacity)
            ?? Order(agents.Where(a => a.Online)).Select(a => a.AgentId).FirstOrDefault()
            ?? Order(agents).First().AgentId;
    }

    /// <summary>
    /// Who takes a conversation that has no sticky agent (or the queue's head): the least-loaded online agent under
    /// capacity, or null when every online agent is at capacity or nobody is online, so the conversation waits.
    /// </summary>
    public static string? NextFree(IEnumerable<AgentLoad> agents, int capacity) =>
        Order(agents.Where(a => a.Online && a.OpenConversations < capacity)).Select(a => a.AgentId).FirstOrDefault();

    private static IEnumerable<AgentLoad> Order(IEnumerable<AgentLoad> xs) =>
        xs.OrderBy(a => a.OpenConversations).ThenBy(a => a.AgentId, StringComparer.Ordinal);
}
