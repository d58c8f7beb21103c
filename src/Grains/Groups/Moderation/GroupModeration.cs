using PrivateDomain.Contracts;
using PrivateDomain.Grains.Domain;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Grains.Groups.Moderation;

/// <summary>What the group grain lends the projection: its tenant, the tenant's policy and a hook told of each decision (telemetry).</summary>
public sealed class GroupModerationContext(string tenantId, ModerationPolicy policy, Action<EngineEvent, ModerationDecision>? decided = null)
{
    public string TenantId { get; } = tenantId;
    public ModerationPolicy Policy { get; } = policy;

    public void Decided(EngineEvent e, ModerationDecision decision) => decided?.Invoke(e, decision);
}

/// <summary>
/// Applies the anti-harassment rules to a group's chat message and turns the decision into state and effects. Pure.
/// Every effect is keyed by the event id (<c>mod:{eventId}:warn|recall|remove</c>, the alert's event id), and the log
/// holds one entry per event id, so an event applied again (a replay after a crash) acts once.
/// </summary>
public static class GroupModeration
{
    public const int LogMax = 100;
    public const int LogShown = 20;
    public const string RecallKind = "group.recall";
    public const string RemoveMemberKind = "group.remove_member";
    /// <summary>The channel group messages go out on (as the persona's posts do).</summary>
    public const string Channel = "wecom";

    /// <summary>Decides a member's message (updating the member's standing); None for a persona's own post.</summary>
    public static ModerationDecision Decide(GroupState s, EngineEvent e, EventData data, string text, GroupModerationContext? context)
    {
        var policy = context?.Policy ?? ModerationPolicy.Default;
        var customer = e.CustomerId;
        if (customer is null) return ModerationDecision.Exempt;
        var member = s.Members.GetValueOrDefault(customer);
        var isOwner = customer == s.OwnerPersonaId || data.String("sender") == "persona";
        var sender = new ModerationSender(isOwner, member?.Role == GroupRoles.Admin, member?.JoinedAt);
        var message = new ModerationMessage(sender, text, data.String("msgType"), data.String("qr") == "true", data.String("url"));
        if (!s.Standings.TryGetValue(customer, out var standing))
        {
            standing = new MemberStanding();
            s.Standings[customer] = standing;
            Prune(s);
        }
        var decision = ModerationRules.Decide(policy, standing, message, e.OccurredAt);
        context?.Decided(e, decision);
        return decision;
    }

    /// <summary>Whether the decision takes the message down (delete, and remove, which recalls the message too).</summary>
    public static bool Deletes(ModerationDecision d) => d.Action is ModerationAction.Delete or ModerationAction.Remove;

    /// <summary>Records and acts on a non-none decision: log entry, alert to the owner's consoles, outbox requests.</summary>
    public static void Act(GroupState s, EngineEvent e, ModerationDecision d, GroupModerationContext? context, List<GrainEffect> effects)
    {
        if (d.Action == ModerationAction.None || d.Rule is null || s.ModerationLog.Exists(x => x.EventId == e.Id)) return;
        var customer = e.CustomerId ?? "";
        var action = ModerationPolicyJson.Name(d.Action);
        s.ModerationLog.AddBounded(new ModerationLogEntry(e.Id, e.CustomerId, action, d.Rule, d.Reason, e.OccurredAt, d.Strikes), LogMax);
        var kind = d.Rule == ModerationRuleCodes.SensitiveWord ? "harassment" : "spam";
        var text = $"{customer} {d.Reason} in {e.GroupId} ({action}, strike {d.Strikes})";
        s.Alerts.AddBounded(new GroupAlertView(kind, text, e.OccurredAt, e.CustomerId), GroupProjection.AlertsMax);
        if (s.OwnerPersonaId is not { } persona) return;
        effects.Add(GrainEffect.Publish(persona, new ConsoleItem(0, ConsoleItemKinds.GroupAlert, e.OccurredAt, e.CustomerId, e.GroupId, persona, null, text, e.Id)));
        OutboxMessage Out(string suffix, string outKind, string body, string? member = null) =>
            new($"mod:{e.Id}:{suffix}", context?.TenantId ?? "", Channel, persona, member, e.GroupId, null, outKind, body, e.OccurredAt, OutboxStatus.Pending, null);
        switch (d.Action)
        {
            case ModerationAction.Warn:
                effects.Add(GrainEffect.Enqueue(Out("warn", "text", $"@{customer} 请遵守群规 / please keep to the group rules: {d.Reason}.")));
                break;
            case ModerationAction.Delete:
                effects.Add(GrainEffect.Enqueue(Out("recall", RecallKind, e.Id)));
                break;
            case ModerationAction.Remove:
                effects.Add(GrainEffect.Enqueue(Out("recall", RecallKind, e.Id)));
                effects.Add(GrainEffect.Enqueue(Out("remove", RemoveMemberKind, d.Reason, customer)));
                break;
        }
    }

    public static GroupModerationView View(GroupState s) => new(
        s.ModerationLog.AsEnumerable().Reverse().Take(LogShown).ToList(),
        s.Standings.Where(kv => kv.Value.RemovingSince is not null).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList(),
        s.WelcomeText);

    /// <summary>Standings of customers no longer members are dropped once they outnumber the members by far.</summary>
    private static void Prune(GroupState s)
    {
        if (s.Standings.Count <= 2 * s.Members.Count + 200) return;
        foreach (var gone in s.Standings.Keys.Where(k => !s.Members.ContainsKey(k)).ToList()) s.Standings.Remove(gone);
    }
}
