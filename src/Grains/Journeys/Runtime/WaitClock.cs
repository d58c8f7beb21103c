using PrivateDomain.Grains.Cadence;
using PrivateDomain.Grains.Journeys.Definition;

namespace PrivateDomain.Grains.Journeys.Runtime;

/// <summary>When a wait step that begins at <c>from</c> ends, in the customer's time zone.</summary>
public static class WaitClock
{
    public static DateTimeOffset DueAt(WaitStep wait, DateTimeOffset from, TimeZoneInfo zone)
    {
        if (wait.Duration is { } d) return from + d;
        if (wait.Timeout is { } t) return from + t;
        if (wait.Until is { } until) return NextLocal(until, from, zone);
        return from; // unreachable for a validated definition: continue at once rather than hang
    }

    /// <summary>
    /// The first instant strictly after <paramref name="from"/> that is <see cref="WaitUntil.Time"/> on an allowed
    /// weekday locally. DST gaps and overlaps resolve as <see cref="LocalTime.At"/> does.
    /// </summary>
    public static DateTimeOffset NextLocal(WaitUntil until, DateTimeOffset from, TimeZoneInfo zone)
    {
        var days = until.Days.Count == 0 ? Enum.GetValues<Weekday>() : until.Days;
        var allowed = days.Select(d => d.ToDayOfWeek()).ToHashSet();
        var start = DateOnly.FromDateTime(LocalTime.ToLocal(from, zone));
        for (var i = 0; i <= 8; i++)
        {
            var date = start.AddDays(i);
            if (!allowed.Contains(date.DayOfWeek)) continue;
            var at = LocalTime.At(date, until.Time, zone);
            if (at > from) return at;
        }
        return from.AddDays(1); // unreachable: some allowed day falls within eight local days
    }

    /// <summary>The customer's zone, else the definition's, else UTC.</summary>
    public static TimeZoneInfo ZoneFor(JourneyFacts facts, JourneyDefinition definition) =>
        LocalTime.Zone(facts.TimeZoneId, definition.Timezone ?? "UTC");
}
