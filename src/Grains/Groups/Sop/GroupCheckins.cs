using PrivateDomain.Contracts;
using PrivateDomain.Grains.Cadence;
using PrivateDomain.Grains.Grains;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Grains.Groups.Sop;

/// <summary>
/// Check-ins (打卡): a member message with an open check-in item's keyword counts once per local day; consecutive days
/// build a streak (a missed day starts over) and each reward threshold reached sends the member one 1:1 message. Pure.
/// </summary>
public static class GroupCheckins
{
    /// <summary>Advances a streak for a check-in on <paramref name="day"/>; false when that day already counted.</summary>
    public static bool Advance(CheckinStreak streak, DateOnly day)
    {
        if (streak.Total > 0 && day <= streak.LastDay) return false;
        if (streak.Total > 0 && day == streak.LastDay.AddDays(1)) streak.Streak++;
        else (streak.Streak, streak.StreakStart) = (1, day);
        streak.LastDay = day;
        streak.Total++;
        return true;
    }

    /// <summary>The streak as of <paramref name="today"/>: a streak whose last day is before yesterday is broken.</summary>
    public static int Current(CheckinStreak streak, DateOnly today) => streak.LastDay >= today.AddDays(-1) ? streak.Streak : 0;

    public static string RewardId(string groupId, string itemId, string customerId, int days, DateOnly streakStart) =>
        $"reward:{groupId}:{itemId}:{customerId}:{days}:{streakStart:yyyy-MM-dd}";

    /// <summary>Counts a member's chat message against the group's open check-ins; returns the reward messages it earns.</summary>
    public static IReadOnlyList<GrainEffect> Count(GroupState s, EngineEvent e, string text)
    {
        var schedule = s.Schedule;
        if (schedule.CheckinOpen.Count == 0 || e.CustomerId is not { } customer || !s.Members.ContainsKey(customer)) return [];
        var zone = LocalTime.Zone((schedule.Cadence ?? GroupCadenceSettings.Default).TimeZone);
        var day = DateOnly.FromDateTime(LocalTime.ToLocal(e.OccurredAt, zone));
        List<GrainEffect>? rewards = null;
        foreach (var item in schedule.Sop)
        {
            if (item.Kind != SopKinds.Checkin || schedule.CheckinOpen.GetValueOrDefault(item.Id) != day) continue;
            if (!text.Contains(item.Keyword ?? SopCalendar.DefaultKeyword, StringComparison.OrdinalIgnoreCase)) continue;
            if (!schedule.Checkins.TryGetValue(item.Id, out var members)) schedule.Checkins[item.Id] = members = new(StringComparer.Ordinal);
            if (!members.TryGetValue(customer, out var streak)) members[customer] = streak = new CheckinStreak();
            if (!Advance(streak, day)) continue;
            if (s.OwnerPersonaId is not { } persona || schedule.TenantId is not { } tenant || e.GroupId is not { } group) continue;
            foreach (var reward in item.Rewards ?? [])
            {
                if (reward.Days != streak.Streak) continue;
                (rewards ??= []).Add(GrainEffect.Enqueue(new OutboxMessage(RewardId(group, item.Id, customer, reward.Days, streak.StreakStart),
                    tenant, PersonaGrain.Channel, persona, customer, null, null, "text", reward.Text, e.OccurredAt, OutboxStatus.Pending, null)));
            }
        }
        return rewards ?? [];
    }
}
