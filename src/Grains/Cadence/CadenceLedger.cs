using System.Globalization;
using PrivateDomain.Grains.Domain;

namespace PrivateDomain.Grains.Cadence;

/// <summary>
/// The contact-pressure ledger: decides whether a touch may go out now, later or never, and records every outcome.
/// Pure and deterministic: time and the customer's zone are passed in. <see cref="Decide"/> reads the state,
/// <see cref="Record"/> applies a decision to it; the grain persists after both.
/// </summary>
public static class CadenceLedger
{
    private const int MaxSteps = 100;

    /// <summary>Decides and records in one step; returns the decision.</summary>
    public static CadenceDecision Apply(
        CadenceLedgerState state, Touch touch, CadencePolicy policy, TimeZoneInfo zone, DateTimeOffset now)
    {
        var decision = Decide(state, touch, policy, zone, now);
        Record(state, touch, decision, policy);
        return decision;
    }

    public static CadenceDecision Decide(
        CadenceLedgerState state, Touch touch, CadencePolicy policy, TimeZoneInfo zone, DateTimeOffset now)
    {
        var deferred = state.Deferred.Find(d => d.Touch.Id == touch.Id);
        var duplicate = deferred is null
            ? state.RecentTouchIds.Contains(touch.Id) || state.Sent.Exists(s => s.TouchId == touch.Id)
            : now < deferred.Until;
        if (duplicate) return Duplicate(touch.Id, now);

        var deadline = touch.RequestedAt + (touch.MaxDeferral ?? policy.MaxDeferral);
        var blocks = Blocks(state, touch, policy, zone, now);
        if (now > deadline)
            return Dropped(touch, now, deadline, blocks.FirstOrDefault()?.Reason);
        if (blocks.Count == 0)
            return new(touch.Id, CadenceOutcome.Send, CadenceReasons.Allowed, $"Sent {Describe(touch)}.", now);

        var first = blocks[0];
        var next = NextAllowed(state, touch, policy, zone, now);
        if (next is { } at && at <= deadline)
            return new(touch.Id, CadenceOutcome.Defer, first.Reason,
                $"Deferred to {Local(at, zone)}: {first.Text}.", now, at, first.Detail);
        if (first.Reason == CadenceReasons.CapReached)
            return new(touch.Id, CadenceOutcome.Skip, first.Reason,
                $"Skipped: {first.Text}, and it does not free up before {Local(deadline, zone)}.", now, null, first.Detail);
        return Dropped(touch, now, deadline, first.Reason, $"{first.Text}, until after {Local(deadline, zone)}");
    }

    /// <summary>The skip a touch id already decided gets.</summary>
    public static CadenceDecision Duplicate(string touchId, DateTimeOffset now) =>
        new(touchId, CadenceOutcome.Skip, CadenceReasons.DuplicateTouch, $"Skipped: touch {touchId} was already decided.", now);

    /// <summary>Applies a decision: a send counts against the caps, a deferral queues the touch, every decision is kept for the 360.</summary>
    public static void Record(CadenceLedgerState state, Touch touch, CadenceDecision decision, CadencePolicy policy)
    {
        if (decision.Reason != CadenceReasons.DuplicateTouch)
        {
            var previous = state.Deferred.Find(d => d.Touch.Id == touch.Id);
            state.Deferred.RemoveAll(d => d.Touch.Id == touch.Id);
            if (!state.RecentTouchIds.Contains(touch.Id)) state.RecentTouchIds.AddBounded(touch.Id, policy.DedupeLimit);
            if (decision.Outcome == CadenceOutcome.Send)
                state.Sent.Add(new SentTouch(touch.Id, touch.Channel, touch.Class, touch.IsMass, decision.DecidedAt));
            if (decision is { Outcome: CadenceOutcome.Defer, Until: { } until })
                state.Deferred.Add(new DeferredTouch(touch, until, decision.Reason, (previous?.Deferrals ?? 0) + 1));
        }
        var keepFrom = decision.DecidedAt - policy.Retention;
        state.Sent.RemoveAll(s => s.At <= keepFrom);
        state.History.AddBounded(new CadenceEntry(touch, decision), policy.HistoryLimit);
    }

    /// <summary>Whether a touch id was decided before (sent, deferred or otherwise recorded): a request with it is a repeat.</summary>
    public static bool Knows(CadenceLedgerState state, string touchId) =>
        state.RecentTouchIds.Contains(touchId) || state.Deferred.Exists(d => d.Touch.Id == touchId) || state.Sent.Exists(s => s.TouchId == touchId);

    /// <summary>
    /// What was last decided for a touch id, for answering a repeated request the way the first was answered: the
    /// newest recorded decision, else (aged out of the history) the deferral still queued; null when neither is known.
    /// </summary>
    public static CadenceDecision? LastDecision(CadenceLedgerState state, string touchId)
    {
        var entry = state.History.FindLast(h => h.Touch.Id == touchId && h.Decision.Reason != CadenceReasons.DuplicateTouch);
        if (entry is not null) return entry.Decision;
        return state.Deferred.Find(d => d.Touch.Id == touchId) is { } d
            ? new CadenceDecision(touchId, CadenceOutcome.Defer, d.Reason, $"Deferred to {d.Until.UtcDateTime:yyyy-MM-dd HH:mm}Z.", d.Touch.RequestedAt, d.Until)
            : null;
    }

    /// <summary>Deferred touches whose time has come, oldest first; pass each back through <see cref="Decide"/>.</summary>
    public static IReadOnlyList<Touch> DueDeferred(CadenceLedgerState state, DateTimeOffset now) =>
        state.Deferred.Where(d => d.Until <= now)
            .OrderBy(d => d.Until).ThenBy(d => d.Touch.RequestedAt).ThenBy(d => d.Touch.Id, StringComparer.Ordinal)
            .Select(d => d.Touch).ToList();

    /// <summary>
    /// The earliest instant at or after <paramref name="from"/> when the touch breaks no cap, gap or quiet hours,
    /// given the sends recorded so far; null when a cap never frees (a cap of zero).
    /// </summary>
    public static DateTimeOffset? NextAllowed(
        CadenceLedgerState state, Touch touch, CadencePolicy policy, TimeZoneInfo zone, DateTimeOffset from)
    {
        var at = from;
        for (var i = 0; i < MaxSteps; i++)
        {
            var blocks = Blocks(state, touch, policy, zone, at);
            if (blocks.Count == 0) return at;
            if (blocks.Any(b => b.FreesAt is null)) return null;
            at = blocks.Max(b => b.FreesAt!.Value);
        }
        return null;
    }

    private sealed record Block(string Reason, string? Detail, string Text, DateTimeOffset? FreesAt);

    private static List<Block> Blocks(
        CadenceLedgerState state, Touch touch, CadencePolicy policy, TimeZoneInfo zone, DateTimeOffset at)
    {
        var blocks = new List<Block>();
        foreach (var cap in policy.Caps.Where(c => c.AppliesTo(touch.Channel, touch.Class, touch.IsMass)))
        {
            var inWindow = state.Sent
                .Where(s => s.At > at - cap.Window && s.At <= at && cap.AppliesTo(s.Channel, s.Class, s.IsMass))
                .Select(s => s.At).Order().ToList();
            if (inWindow.Count < cap.Max) continue;
            // The window frees up when enough of its oldest sends have aged out to leave room for one more.
            DateTimeOffset? frees = cap.Max <= 0 ? null : inWindow[inWindow.Count - cap.Max] + cap.Window;
            blocks.Add(new(CadenceReasons.CapReached, cap.Name,
                $"cap {cap.Name} ({cap.Max} per {Span(cap.Window)}) reached", frees));
        }
        if (policy.MinGap > TimeSpan.Zero && state.Sent.Count > 0)
        {
            var last = state.Sent.Where(s => s.At <= at).Select(s => (DateTimeOffset?)s.At).Max();
            if (last is { } l && at - l < policy.MinGap)
                blocks.Add(new(CadenceReasons.MinGap, null, $"less than {Span(policy.MinGap)} since the last touch", l + policy.MinGap));
        }
        if (policy.QuietHours is { } quiet && LocalTime.QuietUntil(quiet, at, zone) is { } end)
            blocks.Add(new(CadenceReasons.QuietHours, null, $"quiet hours {quiet} in {zone.Id}", end));
        return blocks;
    }

    private static CadenceDecision Dropped(Touch touch, DateTimeOffset now, DateTimeOffset deadline, string? blocker, string? why = null) =>
        new(touch.Id, CadenceOutcome.Drop, CadenceReasons.MaxDeferralExceeded,
            $"Dropped: {why ?? $"its maximum deferral ended at {deadline.UtcDateTime:yyyy-MM-dd HH:mm}Z"}.", now, null, blocker);

    private static string Describe(Touch t) =>
        $"{(t.Class == TouchClass.Marketing ? "marketing" : "service")}{(t.IsMass ? " mass" : "")} {t.Channel} touch from {t.Source}";

    private static string Local(DateTimeOffset at, TimeZoneInfo zone) =>
        LocalTime.ToLocal(at, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + zone.Id;

    private static string Span(TimeSpan span) =>
        span.TotalDays >= 2 && span.TotalDays == Math.Floor(span.TotalDays) ? $"{span.TotalDays:0} d"
        : span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? $"{span.TotalHours:0} h"
        : $"{span.TotalMinutes:0} min";
}
