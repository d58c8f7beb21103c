using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Domain;

namespace PrivateDomain.Grains.Groups;

/// <summary>
/// The pure rules of a live-code pool: which group a newcomer goes to, seats reserved and released, live codes of at
/// most five groups, and what happens when every group is full. No Orleans, time passed in.
/// </summary>
public static class PoolRouter
{
    /// <summary>WeCom's limit: one group live code routes to at most five groups.</summary>
    public const int GroupsPerCode = 5;
    public const int LogMax = 200;
    public const int DecisionsMax = 10_000;

    public static string CauseKey(string customerId, string causeId) => $"{customerId}|{causeId}";

    /// <summary>True for the decision that asks the caller to open a group and decide again.</summary>
    public static bool NeedsNewGroup(PoolDecision d) => d is { Outcome: PoolOutcome.Opened, GroupId: null };

    public static Dictionary<string, int> ReservedByGroup(PoolState s)
    {
        var reserved = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in s.Reservations.Values) reserved[r.GroupId] = reserved.GetValueOrDefault(r.GroupId) + 1;
        return reserved;
    }

    /// <summary>Adds or updates a group. A new group joins the newest live code with room, or a new code.</summary>
    public static PoolGroup PutGroup(PoolState s, PoolGroup group)
    {
        var index = s.Groups.FindIndex(g => g.Id == group.Id);
        if (index >= 0)
        {
            group = group with { CodeId = s.Groups[index].CodeId, Members = s.Groups[index].Members, AutoOpened = s.Groups[index].AutoOpened };
            s.Groups[index] = group;
            return group;
        }
        var code = s.Codes.Count > 0 && s.Codes[^1].GroupIds.Count < GroupsPerCode ? s.Codes[^1] : null;
        if (code is null)
        {
            code = new PoolLiveCode { Id = $"code-{s.Codes.Count + 1}" };
            s.Codes.Add(code);
        }
        code.GroupIds.Add(group.Id);
        group = group with { CodeId = code.Id };
        s.Groups.Add(group);
        return group;
    }

    /// <summary>
    /// Takes a group's report (member count, cap, member ids): reservations of customers who are now members are
    /// released, since the member count holds them.
    /// </summary>
    public static void Observe(PoolState s, string groupId, int members, int cap, IReadOnlyCollection<string> memberIds, DateTimeOffset now)
    {
        if (s.Groups.Find(g => g.Id == groupId) is not { } group) return;
        group.Members = members;
        group.Cap = cap;
        foreach (var (customer, _) in s.Reservations.Where(kv => kv.Value.GroupId == groupId && memberIds.Contains(kv.Key)).ToList())
        {
            s.Reservations.Remove(customer);
            Log(s, now, "joined", customer, groupId, $"{customer} joined {groupId}; the reserved seat is now a member");
        }
    }

    /// <summary>Frees the seats of invitations not taken up in time; returns how many.</summary>
    public static int Expire(PoolState s, DateTimeOffset now)
    {
        var expired = s.Reservations.Where(kv => kv.Value.ExpiresAt <= now).ToList();
        foreach (var (customer, r) in expired)
        {
            s.Reservations.Remove(customer);
            Log(s, now, "expired", customer, r.GroupId, $"The seat reserved for {customer} in {r.GroupId} expired");
        }
        return expired.Count;
    }

    /// <summary>
    /// Decides for a customer with <paramref name="tags"/> (<paramref name="memberOf"/>: the pool group they are known
    /// to be in, if any). Without a group with room: open one if the pool may (the caller opens it and decides again),
    /// otherwise full, alerting the owner at most once per <paramref name="alertInterval"/>.
    /// </summary>
    public static PoolDecision Decide(PoolState s, string customerId, IReadOnlyCollection<string> tags, string? memberOf,
        DateTimeOffset now, TimeSpan alertInterval)
    {
        if (memberOf is not null) return new(PoolOutcome.AlreadyMember, memberOf, now, false, $"{customerId} is already in {memberOf}");
        if (s.Reservations.TryGetValue(customerId, out var held) && held.ExpiresAt > now)
            return new(PoolOutcome.AlreadyReserved, held.GroupId, now, false, $"{customerId} already holds a seat in {held.GroupId}");
        if (Pick(s, tags) is { } group) return new(PoolOutcome.Reserved, group.Id, now, false, $"Seat reserved for {customerId} in {group.Id}");
        var settings = s.Settings;
        if (settings is { AutoOpen: true } && s.Groups.Count < settings.MaxGroups)
            return new(PoolOutcome.Opened, null, now, false, "Every group is full: opening a group");
        var alert = settings?.OwnerPersonaId is not null && (s.LastFullAlertAt is not { } last || now - last >= alertInterval);
        var why = settings is { AutoOpen: true } ? $"every group is full and the pool has its maximum of {settings.MaxGroups} groups" : "every group is full";
        return new(PoolOutcome.Full, null, now, alert, $"{customerId} not routed: {why}");
    }

    /// <summary>The group with room that matches most of the customer's interest tags, then the least occupied.</summary>
    public static PoolGroup? Pick(PoolState s, IReadOnlyCollection<string> tags)
    {
        var reserved = ReservedByGroup(s);
        return s.Groups
            .Select((g, i) => (Group: g, Index: i, Occupied: g.Members + reserved.GetValueOrDefault(g.Id)))
            .Where(x => x.Occupied < x.Group.Cap)
            .OrderByDescending(x => x.Group.Tags.Count(tags.Contains))
            .ThenBy(x => (double)x.Occupied / x.Group.Cap)
            .ThenBy(x => x.Index)
            .Select(x => x.Group)
            .FirstOrDefault();
    }

    /// <summary>Records a final decision: its reservation, the alert time, the log, and the memo that makes a repeat answer the same.</summary>
    public static void Record(PoolState s, string causeKey, string customerId, PoolDecision d)
    {
        var ttl = TimeSpan.FromMinutes(s.Settings?.ReservationMinutes ?? 60);
        if (d.Outcome is PoolOutcome.Reserved or PoolOutcome.Opened && d.GroupId is { } group)
            s.Reservations[customerId] = new PoolReservation(group, causeKey, d.At, d.At + ttl);
        if (d.AlertOwner) s.LastFullAlertAt = d.At;
        s.Decisions[causeKey] = d;
        if (s.Decisions.Count > DecisionsMax)
            foreach (var old in s.Decisions.OrderBy(kv => kv.Value.At).Take(s.Decisions.Count - DecisionsMax * 9 / 10).Select(kv => kv.Key).ToList())
                s.Decisions.Remove(old);
        Log(s, d.At, d.Outcome.ToString().ToLowerInvariant(), customerId, d.GroupId, d.Detail);
    }

    public static void Log(PoolState s, DateTimeOffset at, string kind, string? customerId, string? groupId, string text) =>
        s.Log.AddBounded(new PoolLogEntry(at, kind, customerId, groupId, text), LogMax);
}
