using PrivateDomain.Grains.Domain;

namespace PrivateDomain.Grains.Journeys.Runtime;

/// <summary>
/// The raw customer facts that segment membership is computed from. RFM recency and the dormant lifecycle stage
/// change with the clock alone, so the decider needs these (not just today's segment) to find the next change.
/// </summary>
public sealed record CustomerActivity(
    bool Known, bool Removed, int PurchaseCount, decimal PurchaseTotal, DateTimeOffset? LastPurchaseAt, DateTimeOffset? LastActiveAt);

/// <summary>
/// Segment membership as a function of time, for <c>segment</c> entry triggers. Valid segment names: the RFM
/// segments (<c>champion</c>, <c>loyal</c>, <c>new</c>, <c>potential</c>, <c>at_risk</c>, <c>hibernating</c>,
/// <c>no_purchase</c>) and lifecycle stages as <c>lifecycle:&lt;stage&gt;</c> (e.g. <c>lifecycle:dormant</c>).
/// Any other name is a named segment, which has no membership source yet and so never changes.
/// </summary>
public static class SegmentClock
{
    public const string LifecyclePrefix = "lifecycle:";

    /// <summary>Days since the last purchase at which the recency score drops (see <see cref="RfmCalculator"/>: ≤7, ≤30, ≤90, ≤180).</summary>
    public static readonly int[] RecencyDropDays = [8, 31, 91, 181];

    public static readonly string[] RfmSegments =
    [
        RfmCalculator.Segments.Champion, RfmCalculator.Segments.Loyal, RfmCalculator.Segments.New, RfmCalculator.Segments.Potential,
        RfmCalculator.Segments.AtRisk, RfmCalculator.Segments.Hibernating, RfmCalculator.Segments.NoPurchase,
    ];

    public static bool IsMember(string segment, JourneyFacts facts, DateTimeOffset at)
    {
        if (segment.StartsWith(LifecyclePrefix, StringComparison.Ordinal))
        {
            var stage = segment[LifecyclePrefix.Length..];
            return facts.Activity is { } a
                ? Lifecycle.Stage(a.Known, a.Removed, a.PurchaseCount, a.LastActiveAt, at) == stage
                : facts.Lifecycle == stage;
        }
        if (RfmSegments.Contains(segment, StringComparer.Ordinal))
        {
            return facts.Activity is { } a
                ? RfmCalculator.Compute(a.PurchaseCount, a.PurchaseTotal, a.LastPurchaseAt, at).Segment == segment
                : facts.RfmSegment == segment;
        }
        return facts.Segments.Contains(segment, StringComparer.Ordinal);
    }

    /// <summary>The instants, ascending, at which the segment can change with no event (recency drops, going dormant).</summary>
    public static IEnumerable<DateTimeOffset> Crossings(string segment, JourneyFacts facts)
    {
        if (facts.Activity is not { } a) return [];
        if (segment.StartsWith(LifecyclePrefix, StringComparison.Ordinal))
            return a.LastActiveAt is { } active ? [active + Lifecycle.DormantAfter + TimeSpan.FromTicks(1)] : [];
        if (RfmSegments.Contains(segment, StringComparer.Ordinal) && a.LastPurchaseAt is { } bought)
            return RecencyDropDays.Select(d => bought.AddDays(d));
        return [];
    }

    /// <summary>The first crossing after <paramref name="after"/> at which membership differs from membership at <paramref name="after"/>.</summary>
    public static DateTimeOffset? NextChange(string segment, JourneyFacts facts, DateTimeOffset after)
    {
        var member = IsMember(segment, facts, after);
        foreach (var c in Crossings(segment, facts))
            if (c > after && IsMember(segment, facts, c) != member) return c;
        return null;
    }

    /// <summary>The latest crossing in (<paramref name="after"/>, <paramref name="upTo"/>] at which membership flipped, if any.</summary>
    public static DateTimeOffset? LastFlip(string segment, JourneyFacts facts, DateTimeOffset after, DateTimeOffset upTo)
    {
        DateTimeOffset? last = null;
        var member = IsMember(segment, facts, after);
        foreach (var c in Crossings(segment, facts).Where(c => c > after && c <= upTo))
        {
            var now = IsMember(segment, facts, c);
            if (now != member) last = c;
            member = now;
        }
        return last;
    }
}
