using PrivateDomain.Contracts;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Grains.Domain;

/// <summary>
/// Who handles each of a persona's 1:1 conversations: the waiting queue, capacity, and the agents' claim, transfer
/// and resolve. A conversation is open from the customer's message until its agent resolves it or it has been quiet
/// for <see cref="OpenFor"/>; only open conversations count against an agent's capacity. Pure: presence and time are
/// passed in; every change returns the feed items that tell the persona's consoles.
/// </summary>
public static class ConversationDesk
{
    /// <summary>Silence after which an unresolved conversation stops counting as its agent's load.</summary>
    public static readonly TimeSpan OpenFor = TimeSpan.FromHours(24);

    /// <summary>What a command did and the feed items it produced.</summary>
    public sealed record Decision(string Outcome, IReadOnlyList<ConsoleItem> Items);

    public static string Status(ConversationState c, DateTimeOffset now) =>
        c.ResolvedAt is not null ? ConversationStatus.Resolved
        : c.AssignedAgentId is null ? ConversationStatus.Waiting
        : now - c.LastMessageAt >= OpenFor ? ConversationStatus.Idle
        : ConversationStatus.Open;

    /// <summary>Open conversations held per agent of the persona.</summary>
    public static IReadOnlyList<AgentLoad> Loads(PersonaState s, IReadOnlySet<string> online, DateTimeOffset now)
    {
        var held = s.Conversations.Values
            .Where(c => Status(c, now) == ConversationStatus.Open)
            .GroupBy(c => c.AssignedAgentId!)
            .ToDictionary(g => g.Key, g => g.Count());
        return s.AgentIds.Select(a => new AgentLoad(a, online.Contains(a), held.GetValueOrDefault(a))).ToList();
    }

    /// <summary>The queue: unassigned, unresolved conversations, oldest first.</summary>
    public static IReadOnlyList<string> Waiting(PersonaState s) =>
        s.Conversations
            .Where(c => c.Value.AssignedAgentId is null && c.Value.ResolvedAt is null)
            .OrderBy(c => c.Value.WaitingSince ?? c.Value.LastMessageAt).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => c.Key).ToList();

    /// <summary>Puts a conversation at the back of the queue.</summary>
    public static void Enqueue(ConversationState c, DateTimeOffset at)
    {
        c.AssignedAgentId = null;
        c.ResolvedAt = null;
        c.WaitingSince ??= at;
    }

    /// <summary>Assigns the queue's head to the least-loaded online agent under capacity, again and again, while one is free.</summary>
    public static List<(string CustomerId, string AgentId)> Drain(PersonaState s, IReadOnlySet<string> online, DateTimeOffset now)
    {
        var assigned = new List<(string, string)>();
        var waiting = Waiting(s);
        if (waiting.Count == 0) return assigned;
        var loads = Loads(s, online, now).ToDictionary(l => l.AgentId);
        foreach (var customer in waiting)
        {
            if (ConversationAssigner.NextFree(loads.Values, s.AgentCapacity) is not { } agent) break;
            Assign(s, customer, agent);
            loads[agent] = loads[agent] with { OpenConversations = loads[agent].OpenConversations + 1 };
            assigned.Add((customer, agent));
        }
        return assigned;
    }

    /// <summary><see cref="Drain"/>, told as feed items.</summary>
    public static List<ConsoleItem> DrainItems(PersonaState s, string personaId, IReadOnlySet<string> online, DateTimeOffset now) =>
        Drain(s, online, now)
            .Select(a => Item(ConsoleItemKinds.Assignment, now, a.CustomerId, personaId, a.AgentId,
                $"Conversation with {a.CustomerId} assigned to {a.AgentId} from the queue"))
            .ToList();

    /// <summary>
    /// The agent takes the conversation, from the queue or from a colleague. Taking an open conversation from an online
    /// colleague needs <paramref name="confirm"/>; the claimer's own capacity is not checked (a deliberate choice).
    /// </summary>
    public static Decision Claim(PersonaState s, string personaId, string agentId, string customer, bool confirm,
        IReadOnlySet<string> online, DateTimeOffset now)
    {
        var c = Find(s, customer);
        var from = c.AssignedAgentId;
        if (from == agentId && c.ResolvedAt is null) return new(ConversationOutcomes.Unchanged, []);
        var busyColleague = from is not null && from != agentId && s.AgentIds.Contains(from) && online.Contains(from)
            && Status(c, now) == ConversationStatus.Open;
        if (busyColleague && !confirm) return new(ConversationOutcomes.ConfirmRequired, []);
        Assign(s, customer, agentId);
        var source = from is null ? "from the queue" : from == agentId ? "again" : $"from {from}";
        var items = new List<ConsoleItem> { Item(ConsoleItemKinds.Claimed, now, customer, personaId, agentId, $"{agentId} claimed the conversation with {customer} {source}") };
        items.AddRange(DrainItems(s, personaId, online, now));
        return new(ConversationOutcomes.Claimed, items);
    }

    /// <summary>The assigned agent (or anyone, for a waiting conversation) hands it to another agent of the persona.</summary>
    public static Decision Transfer(PersonaState s, string personaId, string agentId, string customer, string toAgentId,
        IReadOnlySet<string> online, DateTimeOffset now)
    {
        var c = Find(s, customer);
        if (!s.AgentIds.Contains(toAgentId)) throw new AccessDeniedException($"{toAgentId} does not operate this persona.");
        RequireHandler(s, c, agentId, "transfer");
        if (c.AssignedAgentId == toAgentId && c.ResolvedAt is null) return new(ConversationOutcomes.Unchanged, []);
        Assign(s, customer, toAgentId);
        var items = new List<ConsoleItem> { Item(ConsoleItemKinds.Transferred, now, customer, personaId, toAgentId, $"{agentId} transferred the conversation with {customer} to {toAgentId}") };
        items.AddRange(DrainItems(s, personaId, online, now));
        return new(ConversationOutcomes.Transferred, items);
    }

    /// <summary>The assigned agent (or anyone, for a waiting conversation) marks it done; it stops counting as load.</summary>
    public static Decision Resolve(PersonaState s, string personaId, string agentId, string customer, IReadOnlySet<string> online, DateTimeOffset now)
    {
        var c = Find(s, customer);
        if (c.ResolvedAt is not null) return new(ConversationOutcomes.Unchanged, []);
        RequireHandler(s, c, agentId, "resolve");
        c.ResolvedAt = now;
        c.WaitingSince = null;
        c.Unread = 0;
        var items = new List<ConsoleItem> { Item(ConsoleItemKinds.Resolved, now, customer, personaId, agentId, $"{agentId} resolved the conversation with {customer}") };
        items.AddRange(DrainItems(s, personaId, online, now));
        return new(ConversationOutcomes.Resolved, items);
    }

    /// <summary>Conversations still open with agents who no longer operate the persona go back to the queue, then the queue drains.</summary>
    public static List<ConsoleItem> Requeue(PersonaState s, string personaId, IReadOnlySet<string> online, DateTimeOffset now)
    {
        var items = new List<ConsoleItem>();
        foreach (var (customer, c) in s.Conversations)
        {
            if (c.AssignedAgentId is not { } agent || s.AgentIds.Contains(agent) || Status(c, now) != ConversationStatus.Open) continue;
            Enqueue(c, c.LastMessageAt);
            items.Add(Item(ConsoleItemKinds.Queued, now, customer, personaId, null, $"Conversation with {customer} is waiting: {agent} left the persona"));
        }
        items.AddRange(DrainItems(s, personaId, online, now));
        return items;
    }

    public static ConsoleItem Item(string kind, DateTimeOffset at, string customer, string personaId, string? agentId, string text, string? eventId = null) =>
        new(0, kind, at, customer, null, personaId, agentId, text, eventId);

    private static void Assign(PersonaState s, string customer, string agentId)
    {
        var c = s.Conversations[customer];
        c.AssignedAgentId = agentId;
        c.WaitingSince = null;
        c.ResolvedAt = null;
        // A stranger who chatted while nobody was free becomes the customer of whoever takes them.
        if (s.Customers.TryGetValue(customer, out var owner) && owner is null) s.Customers[customer] = agentId;
    }

    private static ConversationState Find(PersonaState s, string customer) =>
        s.Conversations.TryGetValue(customer, out var c) ? c : throw new AccessDeniedException($"No conversation with {customer}.");

    private static void RequireHandler(PersonaState s, ConversationState c, string agentId, string verb)
    {
        if (c.AssignedAgentId is { } holder && holder != agentId && s.AgentIds.Contains(holder))
            throw new AccessDeniedException($"The conversation is assigned to {holder}; claim it before you {verb} it.");
    }
}
