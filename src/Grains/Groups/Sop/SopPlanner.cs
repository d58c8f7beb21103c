using PrivateDomain.Contracts;
using PrivateDomain.Grains.Cadence;
using PrivateDomain.Grains.Groups.Cadence;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Grains.Groups.Sop;

/// <summary>What a wake decided for one SOP occurrence.</summary>
public static class SopOutcomes
{
    public const string Post = "post";
    public const string Deferred = "deferred";
    /// <summary>Woken later than the grace window after it was due (e.g. after downtime).</summary>
    public const string SkippedLate = "skipped_late";
    /// <summary>The group's cadence had no slot within its deferral.</summary>
    public const string SkippedCap = "skipped_cap";
}

/// <summary>One SOP occurrence and what to do with it; <see cref="DeliveryId"/> makes its post idempotent.</summary>
public sealed record SopDecision(SopItem Item, DateOnly Occurrence, string Outcome, DateTimeOffset At, string DeliveryId);

/// <summary>Decides which SOP items are due on a wake and when the next one is. Pure: mutates only the schedule state.</summary>
public static class SopPlanner
{
    public static readonly TimeSpan Grace = TimeSpan.FromHours(2);

    public static string DeliveryId(string groupId, string itemId, DateOnly occurrence) => $"sop:{groupId}:{itemId}:{occurrence:yyyy-MM-dd}";

    /// <summary>
    /// Replaces the items. An item new to the group starts after its latest occurrence (nothing already past is posted);
    /// an item kept by id keeps its progress; removed items drop theirs.
    /// </summary>
    public static void SetItems(GroupScheduleState s, IReadOnlyList<SopItem> items, DateTimeOffset now, TimeZoneInfo zone)
    {
        s.Sop = items.ToList();
        var ids = items.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in s.SopDone.Keys.Where(k => !ids.Contains(k)).ToList()) s.SopDone.Remove(gone);
        foreach (var gone in s.SopDeferred.Keys.Where(k => !ids.Contains(k)).ToList()) s.SopDeferred.Remove(gone);
        foreach (var gone in s.CheckinOpen.Keys.Where(k => !ids.Contains(k)).ToList()) s.CheckinOpen.Remove(gone);
        foreach (var gone in s.Checkins.Keys.Where(k => !ids.Contains(k)).ToList()) s.Checkins.Remove(gone);
        var today = DateOnly.FromDateTime(LocalTime.ToLocal(now, zone));
        foreach (var item in items.Where(i => !s.SopDone.ContainsKey(i.Id)))
            s.SopDone[item.Id] = SopCalendar.Latest(item, now, zone)?.Date ?? today.AddDays(-1);
    }

    /// <summary>When the next SOP item is due (a deferred post at its slot), or null when none is.</summary>
    public static DateTimeOffset? NextDue(GroupScheduleState s, TimeZoneInfo zone)
    {
        DateTimeOffset? next = null;
        foreach (var item in s.Sop)
        {
            var due = s.SopDeferred.TryGetValue(item.Id, out var deferred) ? deferred.At
                : s.SopDone.TryGetValue(item.Id, out var done) ? SopCalendar.NextAfter(item, done, zone)?.At : null;
            if (due is { } at && (next is null || at < next)) next = at;
        }
        return next;
    }

    /// <summary>
    /// Handles every item due at <paramref name="now"/>: a deferred post whose slot came is posted; otherwise only the
    /// latest missed occurrence counts, posted if within <see cref="Grace"/> and the cadence allows it now, deferred to
    /// the cadence's slot, or skipped. Each occurrence is decided once (a doubled wake finds nothing due).
    /// </summary>
    public static IReadOnlyList<SopDecision> Wake(GroupScheduleState s, GroupCadence cadence, string groupId, DateTimeOffset now)
    {
        var zone = cadence.Zone;
        var decisions = new List<SopDecision>();
        foreach (var item in s.Sop)
        {
            if (s.SopDeferred.TryGetValue(item.Id, out var deferred))
            {
                if (deferred.At > now) continue;
                s.SopDeferred.Remove(item.Id);
                var id = DeliveryId(groupId, item.Id, deferred.Occurrence);
                var late = now - deferred.At > Grace;
                if (!late) GroupCadence.Record(s.Posts, new GroupPost(now, GroupPostSources.Sop, id), now);
                else s.Posts.RemoveAll(p => p.Key == id);
                decisions.Add(new SopDecision(item, deferred.Occurrence, late ? SopOutcomes.SkippedLate : SopOutcomes.Post, now, id));
                continue;
            }
            if (SopCalendar.Latest(item, now, zone) is not { } due) continue;
            if (s.SopDone.TryGetValue(item.Id, out var done) && due.Date <= done) continue;
            s.SopDone[item.Id] = due.Date;
            var deliveryId = DeliveryId(groupId, item.Id, due.Date);
            if (now - due.At > Grace)
            {
                decisions.Add(new SopDecision(item, due.Date, SopOutcomes.SkippedLate, due.At, deliveryId));
                continue;
            }
            var slot = cadence.Slot(s.Posts, now, GroupPostSources.Sop);
            if (!slot.Allowed)
            {
                decisions.Add(new SopDecision(item, due.Date, SopOutcomes.SkippedCap, now, deliveryId));
                continue;
            }
            GroupCadence.Record(s.Posts, new GroupPost(slot.At, GroupPostSources.Sop, deliveryId), now);
            if (slot.At > now) s.SopDeferred[item.Id] = new DeferredSopPost(due.Date, slot.At);
            decisions.Add(new SopDecision(item, due.Date, slot.At > now ? SopOutcomes.Deferred : SopOutcomes.Post, slot.At, deliveryId));
        }
        return decisions;
    }
}
