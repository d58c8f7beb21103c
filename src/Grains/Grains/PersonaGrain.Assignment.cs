using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Domain;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Grains.Grains;

/// <summary>The persona's conversation desk: queue, claim, transfer, resolve, and who is replying (volatile holds).</summary>
public sealed partial class PersonaGrain
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(5);
    private readonly ConversationHolds _holds = new();

    private void StartSweep() =>
        this.RegisterGrainTimer(SweepAsync, new GrainTimerCreationOptions(SweepEvery, SweepEvery));

    /// <summary>Ends lapsed holds, and hands waiting conversations to agents freed by time (conversations gone idle).</summary>
    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var items = _holds.Expire(now).Select(h => Released(h.CustomerId, h.AgentId, now)).ToList();
        items.AddRange(ConversationDesk.DrainItems(S, EntityId, _online, now));
        await PublishDeskAsync(items);
    }

    public async Task<ConversationActionResult> ClaimAsync(string agentId, string customerId, bool confirm)
    {
        RequireAgent(agentId);
        var now = time.GetUtcNow();
        var decision = ConversationDesk.Claim(S, EntityId, agentId, customerId, confirm, _online, now);
        await PublishDeskAsync(decision.Items);
        return new(decision.Outcome, ConversationView(customerId, now));
    }

    public async Task<ConversationActionResult> TransferAsync(string agentId, string customerId, string toAgentId)
    {
        RequireAgent(agentId);
        var now = time.GetUtcNow();
        var decision = ConversationDesk.Transfer(S, EntityId, agentId, customerId, toAgentId, _online, now);
        await PublishDeskAsync(decision.Items);
        return new(decision.Outcome, ConversationView(customerId, now));
    }

    public async Task<ConversationActionResult> ResolveAsync(string agentId, string customerId)
    {
        RequireAgent(agentId);
        var now = time.GetUtcNow();
        var decision = ConversationDesk.Resolve(S, EntityId, agentId, customerId, _online, now);
        await PublishDeskAsync(decision.Items);
        return new(decision.Outcome, ConversationView(customerId, now));
    }

    public async Task<ConversationHold> HoldAsync(string agentId, string customerId, string connectionId)
    {
        RequireAgent(agentId);
        if (!S.Conversations.ContainsKey(customerId)) throw new AccessDeniedException($"No conversation with {customerId}.");
        var now = time.GetUtcNow();
        // Lapsed holds end first, so a colleague's expired hold is told as released before this one is told as taken.
        var items = _holds.Expire(now).Select(h => Released(h.CustomerId, h.AgentId, now)).ToList();
        var (hold, taken) = _holds.Take(customerId, agentId, connectionId, now);
        if (taken) items.Add(ConversationDesk.Item(ConsoleItemKinds.Held, now, customerId, EntityId, agentId, $"{agentId} is replying to {customerId}"));
        await PublishDeskAsync(items);
        return hold;
    }

    public async Task ReleaseAsync(string agentId, string customerId)
    {
        RequireAgent(agentId);
        var now = time.GetUtcNow();
        if (_holds.Release(customerId, agentId, now)) await PublishDeskAsync([Released(customerId, agentId, now)]);
    }

    public async Task ReleaseConnectionAsync(string agentId, string connectionId)
    {
        var now = time.GetUtcNow();
        await PublishDeskAsync(_holds.ReleaseConnection(agentId, connectionId, now).Select(c => Released(c, agentId, now)).ToList());
    }

    /// <summary>
    /// Bookkeeping of a reply sent as the persona (call before persisting it): a waiting conversation becomes the
    /// sender's, the sender's hold ends, and a reply sent over a colleague's hold is recorded.
    /// </summary>
    private void RecordReply(string agentId, string customerId, DateTimeOffset now)
    {
        var items = new List<ConsoleItem>();
        if (S.Conversations.TryGetValue(customerId, out var c) && c.AssignedAgentId is null && c.ResolvedAt is null)
            items.AddRange(ConversationDesk.Claim(S, EntityId, agentId, customerId, confirm: false, _online, now).Items);
        if (_holds.Active(customerId, now) is { } hold && hold.AgentId != agentId)
        {
            logger.LogInformation("Agent {Agent} replied to {Customer} of persona {Tenant}/{Persona} while {Holder} held it",
                agentId, customerId, TenantId, EntityId, hold.AgentId);
            items.Add(ConversationDesk.Item(ConsoleItemKinds.ReplyOverHold, now, customerId, EntityId, agentId,
                $"{agentId} sent a reply to {customerId} while {hold.AgentId} was replying"));
        }
        if (_holds.Release(customerId, agentId, now)) items.Add(Released(customerId, agentId, now));
        _toPush.AddRange(FeedPublisher.Append(S.Feed, items));
    }

    private ConsoleItem Released(string customerId, string agentId, DateTimeOffset now) =>
        ConversationDesk.Item(ConsoleItemKinds.Released, now, customerId, EntityId, agentId, $"{agentId} stopped replying to {customerId}");

    private async Task PublishDeskAsync(IReadOnlyList<ConsoleItem> items)
    {
        if (items.Count == 0) return;
        _toPush.AddRange(FeedPublisher.Append(S.Feed, items));
        await PersistAsync();
    }

    private void RequireAgent(string agentId)
    {
        if (!S.AgentIds.Contains(agentId)) throw new AccessDeniedException($"Agent {agentId} does not operate persona {EntityId}.");
    }

    private ConversationView ConversationView(string customerId, DateTimeOffset now) =>
        ConversationView(customerId, S.Conversations[customerId], now);

    private ConversationView ConversationView(string customerId, ConversationState c, DateTimeOffset now) =>
        new(customerId, c.AssignedAgentId, c.LastMessageAt, c.LastText, c.Unread, ConversationDesk.Status(c, now), c.WaitingSince,
            _holds.Active(customerId, now));

    /// <summary>The queue whole (every agent sees it), then the newest of the rest.</summary>
    private List<ConversationView> ConversationViews(DateTimeOffset now)
    {
        var waiting = ConversationDesk.Waiting(S);
        var waitingSet = waiting.ToHashSet(StringComparer.Ordinal);
        return waiting.Select(c => ConversationView(c, now))
            .Concat(S.Conversations.Where(c => !waitingSet.Contains(c.Key))
                .OrderByDescending(c => c.Value.LastMessageAt).Take(200)
                .Select(c => ConversationView(c.Key, c.Value, now)))
            .ToList();
    }
}
