namespace PrivateDomain.Grains.Cadence;

public enum TouchWeight
{
    Light = 0,
    Heavy = 1,
}

/// <summary>One designed moment of the "six interactions a year": <see cref="Number"/> is 1–6 within its year.</summary>
public sealed record PlannedMoment(int Number, DateOnly Due, TouchWeight Weight);

/// <summary>
/// Planned touch schedules, computed from an anchor date rather than chained, so they never drift. Dates are the
/// customer's local calendar; <see cref="LocalTime.At"/> turns one into an instant at a local send time.
/// </summary>
public static class TouchPlan
{
    /// <summary>Light, heavy, light, heavy, light, and the anniversary as the heaviest moment.</summary>
    public static readonly IReadOnlyList<TouchWeight> DefaultSixPattern =
        [TouchWeight.Light, TouchWeight.Heavy, TouchWeight.Light, TouchWeight.Heavy, TouchWeight.Light, TouchWeight.Heavy];

    /// <summary>
    /// The next <paramref name="count"/> moments on or after <paramref name="from"/>: one every two months from the
    /// anchor (membership start or first purchase), the sixth falling on the anchor's anniversary.
    /// </summary>
    public static IReadOnlyList<PlannedMoment> SixInteractions(
        DateOnly anchor, DateOnly from, int count = 6, IReadOnlyList<TouchWeight>? pattern = null)
    {
        pattern ??= DefaultSixPattern;
        if (pattern.Count != 6) throw new ArgumentException("A six-interaction pattern has six weights.", nameof(pattern));
        var monthsSince = (from.Year - anchor.Year) * 12 + from.Month - anchor.Month;
        var n = Math.Max(1, monthsSince / 2 - 1);
        while (anchor.AddMonths(2 * n) < from) n++;
        var moments = new List<PlannedMoment>(count);
        for (; moments.Count < count; n++)
        {
            var number = (n - 1) % 6 + 1;
            moments.Add(new PlannedMoment(number, anchor.AddMonths(2 * n), pattern[number - 1]));
        }
        return moments;
    }

    /// <summary>
    /// The next yearly recurrence of <paramref name="date"/> (birthday, membership start) on or after
    /// <paramref name="from"/>, never the date itself. Feb 29 falls on Feb 28 in common years, or Mar 1 if asked.
    /// </summary>
    public static DateOnly NextAnniversary(DateOnly date, DateOnly from, bool leapDayOnMarch1 = false)
    {
        for (var year = Math.Max(from.Year, date.Year + 1); ; year++)
        {
            var due = InYear(date, year, leapDayOnMarch1);
            if (due >= from) return due;
        }
    }

    /// <summary>
    /// A reminder <paramref name="afterDays"/> after a purchase ("filter change 180 days after an air purifier"),
    /// the first on or after <paramref name="from"/> when repeating; null when a one-off reminder has passed.
    /// </summary>
    public static DateOnly? ServiceReminder(DateOnly purchasedOn, int afterDays, DateOnly from, bool repeat = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(afterDays, 1);
        var first = purchasedOn.AddDays(afterDays);
        if (first >= from) return first;
        if (!repeat) return null;
        var periods = (from.DayNumber - purchasedOn.DayNumber + afterDays - 1) / afterDays;
        return purchasedOn.AddDays(periods * afterDays);
    }

    private static DateOnly InYear(DateOnly date, int year, bool leapDayOnMarch1) =>
        date is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(year)
            ? leapDayOnMarch1 ? new DateOnly(year, 3, 1) : new DateOnly(year, 2, 28)
            : new DateOnly(year, date.Month, date.Day);
}
