using System.Globalization;
using System.Text.RegularExpressions;
using PrivateDomain.Grains.Cadence;
using PrivateDomain.Grains.Journeys.Definition;

namespace PrivateDomain.Grains.Journeys.Runtime;

/// <summary>One occurrence of a date or schedule trigger: the instant, and the local date that names it.</summary>
public readonly record struct Occurrence(DateTimeOffset At, DateOnly Date);

/// <summary>
/// When date and schedule entry triggers occur, in a customer's time zone. Local times go through
/// <see cref="LocalTime.At"/> (a time skipped by a DST gap is the first moment after it; a repeated one its first
/// occurrence). Yearly anniversaries of Feb 29 fall on Feb 28 in non-leap years; the date itself is not an
/// anniversary (that is <c>once</c>).
/// </summary>
public static partial class TriggerClock
{
    private const int MaxYear = 9000;

    /// <summary>
    /// A date property value as a local date: <c>yyyy-MM-dd</c>; a date-time with an offset (<c>…T…Z</c>,
    /// <c>…+08:00</c>) is converted into <paramref name="zone"/> first, one without is taken as written. Anything
    /// else is null.
    /// </summary>
    public static DateOnly? ParseDate(string? value, TimeZoneInfo zone)
    {
        if (value is null || !IsoDate().IsMatch(value)) return null;
        if (!DateOnly.TryParseExact(value.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return null;
        if (date.Year > MaxYear) return null;
        if (value.Length == 10) return date;
        if (!DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var local)) return null;
        if (local.Kind == DateTimeKind.Unspecified) return date;
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            ? DateOnly.FromDateTime(LocalTime.ToLocal(instant, zone))
            : null;
    }

    /// <summary>The latest occurrence in (<paramref name="after"/>, <paramref name="upTo"/>], or null.</summary>
    public static Occurrence? Latest(DateTrigger t, DateOnly value, TimeZoneInfo zone, DateTimeOffset after, DateTimeOffset upTo)
    {
        Occurrence? found = null;
        if (t.Recurrence == Recurrence.Once) found = Once(t, value, zone);
        else
        {
            // An offset of up to ±366 days moves an anniversary at most one year either way.
            for (var year = Math.Min(MaxYear, LocalYear(upTo, zone) + 2); year > value.Year && found is null; year--)
                if (Yearly(t, value, year, zone) is { } o && o.At <= upTo) found = o;
        }
        return found is { } f && f.At > after && f.At <= upTo ? f : null;
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null when there is none.</summary>
    public static Occurrence? Next(DateTrigger t, DateOnly value, TimeZoneInfo zone, DateTimeOffset after)
    {
        if (t.Recurrence == Recurrence.Once) return Once(t, value, zone) is { } o && o.At > after ? o : null;
        for (var year = Math.Max(value.Year + 1, LocalYear(after, zone) - 2); year <= MaxYear; year++)
            if (Yearly(t, value, year, zone) is { } o && o.At > after) return o;
        return null;
    }

    /// <summary>The latest occurrence in (<paramref name="after"/>, <paramref name="upTo"/>], or null.</summary>
    public static Occurrence? Latest(ScheduleTrigger t, TimeZoneInfo zone, DateTimeOffset after, DateTimeOffset upTo)
    {
        var start = DateOnly.FromDateTime(LocalTime.ToLocal(upTo, zone));
        for (var i = 0; i <= 8; i++)
        {
            var date = start.AddDays(-i);
            if (!Allowed(t, date)) continue;
            var at = LocalTime.At(date, t.At, zone);
            if (at <= upTo) return at > after ? new Occurrence(at, date) : null;
        }
        return null;
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public static Occurrence? Next(ScheduleTrigger t, TimeZoneInfo zone, DateTimeOffset after)
    {
        var start = DateOnly.FromDateTime(LocalTime.ToLocal(after, zone));
        for (var i = 0; i <= 8; i++)
        {
            var date = start.AddDays(i);
            if (!Allowed(t, date)) continue;
            var at = LocalTime.At(date, t.At, zone);
            if (at > after) return new Occurrence(at, date);
        }
        return null;
    }

    /// <summary>The anniversary in <paramref name="year"/> (Feb 29 → Feb 28 in a non-leap year).</summary>
    public static DateOnly Anniversary(DateOnly value, int year) =>
        new(year, value.Month, Math.Min(value.Day, DateTime.DaysInMonth(year, value.Month)));

    private static Occurrence? Once(DateTrigger t, DateOnly value, TimeZoneInfo zone) => At(Shift(value, t.OffsetDays), t.At, zone);

    private static Occurrence? Yearly(DateTrigger t, DateOnly value, int year, TimeZoneInfo zone) =>
        At(Shift(Anniversary(value, year), t.OffsetDays), t.At, zone);

    private static Occurrence? At(DateOnly? date, TimeOnly time, TimeZoneInfo zone) =>
        date is { } d ? new Occurrence(LocalTime.At(d, time, zone), d) : null;

    private static DateOnly? Shift(DateOnly date, int days)
    {
        var n = date.DayNumber + days;
        return n < DateOnly.MinValue.DayNumber + 2 || n > DateOnly.MaxValue.DayNumber - 2 ? null : DateOnly.FromDayNumber(n);
    }

    private static bool Allowed(ScheduleTrigger t, DateOnly date) =>
        t.Every == ScheduleFrequency.Daily || t.Days is not { Count: > 0 } days || days.Any(d => d.ToDayOfWeek() == date.DayOfWeek);

    private static int LocalYear(DateTimeOffset instant, TimeZoneInfo zone) => LocalTime.ToLocal(instant, zone).Year;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([T ].{1,40})?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();
}
