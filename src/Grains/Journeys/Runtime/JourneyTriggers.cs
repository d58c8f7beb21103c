using System.Collections.Immutable;
using PrivateDomain.Grains.Cadence;
using PrivateDomain.Grains.Journeys.Definition;

namespace PrivateDomain.Grains.Journeys.Runtime;

/// <summary>A trigger occurrence to enter: as of <see cref="At"/>, under a command id naming journey and occurrence.</summary>
internal readonly record struct TriggerFiring(DateTimeOffset At, JourneyDefinition Definition, string CommandId, string Reason);

/// <summary>
/// Evaluates the entry triggers that fire with time (date, schedule, segment) on every command, against one
/// <see cref="TriggerMark"/> per enterable journey of those kinds:
/// <list type="bullet">
/// <item>first sight of a journey version: the mark starts at now and nothing fires (no backfill);</item>
/// <item>a command not after the mark's <see cref="TriggerMark.Through"/> (a stale tick, an old event) fires nothing;</item>
/// <item>otherwise date/schedule: if the occurrence the mark scheduled is due, the <em>latest</em> occurrence in
/// (through, now] enters (one, however long the outage); segment: a membership edge since the last evaluation enters.</item>
/// </list>
/// The mark then moves to now with the next occurrence, which the grain schedules. A property changed by an event is
/// seen by that event's evaluation: the next occurrence moves, and an occurrence of the new value that fell between
/// the two evaluations does not fire (the old schedule was not due).
/// </summary>
internal static class JourneyTriggers
{
    public static bool IsTimed(EntryTrigger trigger) => trigger is DateTrigger or ScheduleTrigger or SegmentTrigger;

    public static (ImmutableArray<TriggerMark> Marks, List<TriggerFiring> Firings) Evaluate(
        CustomerJourneysState state, JourneyFacts facts, IJourneyDefinitions definitions, DateTimeOffset now)
    {
        var marks = ImmutableArray.CreateBuilder<TriggerMark>();
        var firings = new List<TriggerFiring>();
        foreach (var definition in definitions.Enterable)
        {
            if (!IsTimed(definition.Entry)) continue;
            var mark = state.Trigger(definition.Id) is { } m && m.Version == definition.Version ? m : null;
            marks.Add(definition.Entry is SegmentTrigger s
                ? Segment(definition, s, mark, facts, now, firings)
                : Dated(definition, mark, facts, now, firings));
        }
        return (marks.ToImmutable(), firings);
    }

    /// <summary>The zone for date and schedule triggers: the customer's, else the journey's, else the default.</summary>
    public static TimeZoneInfo Zone(JourneyFacts facts, JourneyDefinition definition) =>
        LocalTime.Zone(facts.TimeZoneId, definition.Timezone ?? facts.DefaultTimeZoneId);

    private static TriggerMark Dated(JourneyDefinition d, TriggerMark? mark, JourneyFacts facts, DateTimeOffset now, List<TriggerFiring> firings)
    {
        var zone = Zone(facts, d);
        if (mark is null) return new TriggerMark(d.Id, d.Version, now, Next(d, facts, zone, now));
        if (now <= mark.Through) return mark with { NextAt = Next(d, facts, zone, mark.Through) };
        if (mark.NextAt <= now && Latest(d, facts, zone, mark.Through, now) is { } o)
        {
            switch (d.Entry)
            {
                case DateTrigger t:
                    firings.Add(new TriggerFiring(o.At, d, $"date:{d.Id}:{o.Date:yyyy-MM-dd}", $"date: {t.Property} {o.Date:yyyy-MM-dd}"));
                    break;
                case ScheduleTrigger t when new StepContext(d, facts, null, null).Holds(t.Audience):
                    firings.Add(new TriggerFiring(o.At, d, $"schedule:{d.Id}:{o.Date:yyyy-MM-dd}", $"schedule: {o.Date:yyyy-MM-dd} {t.At:HH\\:mm}"));
                    break;
            }
        }
        return mark with { Through = now, NextAt = Next(d, facts, zone, now) };
    }

    private static TriggerMark Segment(JourneyDefinition d, SegmentTrigger t, TriggerMark? mark, JourneyFacts facts, DateTimeOffset now, List<TriggerFiring> firings)
    {
        var member = SegmentClock.IsMember(t.Segment, facts, now);
        if (mark is null) return new TriggerMark(d.Id, d.Version, now, SegmentClock.NextChange(t.Segment, facts, now), member);
        if (now <= mark.Through)
        {
            // An old event may have changed membership as of Through: due at once, so the next command sees the edge.
            var changed = SegmentClock.IsMember(t.Segment, facts, mark.Through) != mark.InSegment;
            return mark with { NextAt = changed ? mark.Through : SegmentClock.NextChange(t.Segment, facts, mark.Through) };
        }
        if (member != mark.InSegment && (member ? MembershipEdge.Enter : MembershipEdge.Leave) == t.On)
        {
            // A change the clock made happened at its crossing (so a late wake enters as a punctual one would); one an
            // event made, now.
            var at = SegmentClock.IsMember(t.Segment, facts, mark.Through) == mark.InSegment
                ? SegmentClock.LastFlip(t.Segment, facts, mark.Through, now) ?? now
                : now;
            var edge = member ? "enter" : "leave";
            firings.Add(new TriggerFiring(at, d, $"segment:{d.Id}:{edge}:{at.UtcTicks}", $"segment {(member ? "entered" : "left")}: {t.Segment}"));
        }
        return mark with { Through = now, NextAt = SegmentClock.NextChange(t.Segment, facts, now), InSegment = member };
    }

    private static DateTimeOffset? Next(JourneyDefinition d, JourneyFacts facts, TimeZoneInfo zone, DateTimeOffset after) => d.Entry switch
    {
        DateTrigger t => TriggerClock.ParseDate(facts.Properties.GetValueOrDefault(t.Property), zone) is { } v ? TriggerClock.Next(t, v, zone, after)?.At : null,
        ScheduleTrigger t => TriggerClock.Next(t, zone, after)?.At,
        _ => null,
    };

    private static Occurrence? Latest(JourneyDefinition d, JourneyFacts facts, TimeZoneInfo zone, DateTimeOffset after, DateTimeOffset upTo) => d.Entry switch
    {
        DateTrigger t => TriggerClock.ParseDate(facts.Properties.GetValueOrDefault(t.Property), zone) is { } v ? TriggerClock.Latest(t, v, zone, after, upTo) : null,
        ScheduleTrigger t => TriggerClock.Latest(t, zone, after, upTo),
        _ => null,
    };
}
