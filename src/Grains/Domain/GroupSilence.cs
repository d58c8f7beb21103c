using PrivateDomain.Contracts;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Grains.Domain;

/// <summary>When a quiet group is due its dead-group alert, and what to suggest to revive it. Pure.</summary>
public static class GroupSilence
{
    public const string AlertKind = "dead";

    /// <summary>Below this many members a quiet group needs people before it needs topics.</summary>
    public const int SmallGroup = 5;

    /// <summary>
    /// When the group's current silence turns dead: while it has members and that silence (its last activity) has not
    /// been alerted yet; null when there is nothing to watch.
    /// </summary>
    public static DateTimeOffset? DeadAt(GroupState s) =>
        s.Members.Count > 0 && s.LastActivityAt is { } last && s.DeadAlertedFor != last ? last + GroupProjection.DeadAfter : null;

    /// <summary>The dead-group alert due at <paramref name="now"/>, or null: silent long enough, and not alerted for this silence.</summary>
    public static GroupAlertView? Due(GroupState s, DateTimeOffset now)
    {
        if (DeadAt(s) is not { } deadAt || now < deadAt || s.LastActivityAt is not { } last) return null;
        var suggestion = Suggest(s.Members.Count, PersonaPostedSince(s, last));
        return new GroupAlertView(AlertKind, $"No activity for {(int)(now - last).TotalDays} days — suggestion: {suggestion}", deadAt, null);
    }

    /// <summary>
    /// What to try first: a small group needs members; a group that ignored the persona's own posts needs a reason to
    /// answer; otherwise a topic or a check-in.
    /// </summary>
    public static string Suggest(int members, bool personaPostedRecently) => (members, personaPostedRecently) switch
    {
        (< SmallGroup, _) => "invite more customers (share the group's live code) and welcome them by name",
        (_, true) => "the persona's posts got no replies: ask the members a question or start a check-in with a small reward",
        _ => "post a topic or start a check-in",
    };

    /// <summary>The feed item's event id: one per group and silence, so a doubled wake (or a replayed effect) is dropped by the feed.</summary>
    public static string EventId(string groupId, DateTimeOffset lastActivityAt) => $"{AlertKind}:{groupId}:{lastActivityAt.UtcTicks}";

    // Persona posts do not count as activity (a group is alive when its members talk); they are kept among the recent messages.
    private static bool PersonaPostedSince(GroupState s, DateTimeOffset since) =>
        s.RecentMessages.Exists(m => m.AgentId is not null && m.At >= since);
}
