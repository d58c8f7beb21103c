using PrivateDomain.Contracts;

namespace PrivateDomain.Grains.Domain;

/// <summary>
/// Who is replying as the persona to which customer: short volatile leases, one per conversation, taken by the first
/// agent who starts composing, renewed while they compose, released on send, blur or disconnect, and lapsing on
/// their own after <see cref="Lease"/>. Kept in memory only; time is passed in.
/// </summary>
public sealed class ConversationHolds
{
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private sealed record Entry(string AgentId, string ConnectionId, DateTimeOffset Until);

    private readonly Dictionary<string, Entry> _byCustomer = new(StringComparer.Ordinal);

    public int Count => _byCustomer.Count;

    /// <summary>The live hold on a conversation, if any.</summary>
    public ConversationHold? Active(string customerId, DateTimeOffset now) =>
        _byCustomer.TryGetValue(customerId, out var e) && e.Until > now ? new ConversationHold(e.AgentId, e.Until) : null;

    /// <summary>
    /// Takes or renews the agent's hold. Another agent's live hold wins: it is returned unchanged, with
    /// <c>Taken</c> false. <c>Taken</c> is true only when the hold is new (not a renewal).
    /// </summary>
    public (ConversationHold Hold, bool Taken) Take(string customerId, string agentId, string connectionId, DateTimeOffset now)
    {
        var current = Active(customerId, now);
        if (current is not null && current.AgentId != agentId) return (current, false);
        var renewal = current is not null;
        var entry = new Entry(agentId, connectionId, now + Lease);
        _byCustomer[customerId] = entry;
        return (new ConversationHold(agentId, entry.Until), !renewal);
    }

    /// <summary>Ends the agent's hold on a conversation; true when there was a live one to end.</summary>
    public bool Release(string customerId, string agentId, DateTimeOffset now)
    {
        if (!_byCustomer.TryGetValue(customerId, out var e) || e.AgentId != agentId) return false;
        _byCustomer.Remove(customerId);
        return e.Until > now;
    }

    /// <summary>Ends every live hold taken through one console connection (it disconnected); returns their customers.</summary>
    public List<string> ReleaseConnection(string agentId, string connectionId, DateTimeOffset now)
    {
        var ended = _byCustomer.Where(h => h.Value.AgentId == agentId && h.Value.ConnectionId == connectionId).ToList();
        foreach (var h in ended) _byCustomer.Remove(h.Key);
        return ended.Where(h => h.Value.Until > now).Select(h => h.Key).ToList();
    }

    /// <summary>Removes the holds that lapsed; returns (customer, agent) of each.</summary>
    public List<(string CustomerId, string AgentId)> Expire(DateTimeOffset now)
    {
        var lapsed = _byCustomer.Where(h => h.Value.Until <= now).ToList();
        foreach (var h in lapsed) _byCustomer.Remove(h.Key);
        return lapsed.Select(h => (h.Key, h.Value.AgentId)).ToList();
    }
}
