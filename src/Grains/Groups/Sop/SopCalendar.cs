using System.Globalization;
using PrivateDomain.Contracts;
using PrivateDomain.Grains.Cadence;
using PrivateDomain.Grains.Groups.Cadence;

namespace PrivateDomain.Grains.Groups.Sop;

/// <summary>One occurrence of an SOP item: its local date and the instant it is due.</summary>
public readonly record struct SopOccurrence(DateOnly Date, DateTimeOffset At);

/// <summary>When SOP items occur: "HH:mm" daily or "Mon HH:mm" weekly, in the group's zone, between optional dates. Pure.</summary>
public static class SopCalendar
{
    public const int TextMax = 2000;
    public const int ItemsMax = 50;
    public const int RewardsMax = 10;
    public const string DefaultKeyword = "打卡";

    private static readonly string[] Days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

    /// <summary>Parses a schedule: a weekday (null for daily) and a local time; false when malformed.</summary>
    public static bool TryParse(string? schedule, out DayOfWeek? day, out TimeOnly time)
    {
        day = null;
        time = default;
        if (string.IsNullOrWhiteSpace(schedule)) return false;
        var parts = schedule.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 2)
        {
            var index = Array.FindIndex(Days, d => string.Equals(d, parts[0], StringComparison.OrdinalIgnoreCase));
            if (index < 0) return false;
            day = (DayOfWeek)index;
        }
        else if (parts.Length != 1) return false;
        if (GroupCadence.TryParseTime(parts[^1]) is not { } t) return false;
        time = t;
        return true;
    }

    public static bool OccursOn(SopItem item, DateOnly date) =>
        TryParse(item.Schedule, out var day, out _) && (day is null || date.DayOfWeek == day) &&
        (item.StartDate is not { } start || date >= start) && (item.EndDate is not { } end || date <= end);

    /// <summary>The latest occurrence due at or before <paramref name="now"/>, or null (none in the past week).</summary>
    public static SopOccurrence? Latest(SopItem item, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (!TryParse(item.Schedule, out _, out var time)) return null;
        var today = DateOnly.FromDateTime(LocalTime.ToLocal(now, zone));
        for (var date = today; date > today.AddDays(-8); date = date.AddDays(-1))
        {
            if (!OccursOn(item, date)) continue;
            var at = LocalTime.At(date, time, zone);
            if (at <= now) return new SopOccurrence(date, at);
        }
        return null;
    }

    /// <summary>The first occurrence on a local date after <paramref name="after"/>, or null (the item has ended).</summary>
    public static SopOccurrence? NextAfter(SopItem item, DateOnly after, TimeZoneInfo zone)
    {
        if (!TryParse(item.Schedule, out _, out var time)) return null;
        var from = after.AddDays(1);
        if (item.StartDate is { } start && start > from) from = start;
        for (var date = from; date < from.AddDays(8); date = date.AddDays(1))
        {
            if (item.EndDate is { } end && date > end) return null;
            if (OccursOn(item, date)) return new SopOccurrence(date, LocalTime.At(date, time, zone));
        }
        return null;
    }

    /// <summary>The first invalid field of an SOP list ("items[2].schedule"), with why; null when valid.</summary>
    public static (string Field, string Error)? Validate(IReadOnlyList<SopItem>? items)
    {
        if (items is null) return ("items", "items is required.");
        if (items.Count > ItemsMax) return ("items", $"At most {ItemsMax} items.");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var field = $"items[{i}]";
            if (item is null) return (field, "An item is required.");
            if (string.IsNullOrWhiteSpace(item.Id) || item.Id.Length > 64 || item.Id.Contains(':')) return ($"{field}.id", "A non-empty id of at most 64 characters without ':'.");
            if (!ids.Add(item.Id)) return ($"{field}.id", $"Duplicate id '{item.Id}'.");
            if (!SopKinds.All.Contains(item.Kind)) return ($"{field}.kind", $"One of {string.Join(", ", SopKinds.All)}.");
            if (string.IsNullOrWhiteSpace(item.Text) || item.Text.Length > TextMax) return ($"{field}.text", $"Non-empty text of at most {TextMax} characters.");
            if (!TryParse(item.Schedule, out _, out _)) return ($"{field}.schedule", "\"HH:mm\" (daily) or \"Mon HH:mm\" (weekly).");
            if (item.StartDate is { } s && item.EndDate is { } e && e < s) return ($"{field}.endDate", "The end date is before the start date.");
            if (item.Keyword is { } k && (k.Trim().Length == 0 || k.Length > 20)) return ($"{field}.keyword", "A non-empty keyword of at most 20 characters.");
            if (item.Rewards is { } rewards)
            {
                if (item.Kind != SopKinds.Checkin && rewards.Count > 0) return ($"{field}.rewards", "Only check-in items have rewards.");
                if (rewards.Count > RewardsMax) return ($"{field}.rewards", $"At most {RewardsMax} rewards.");
                for (var j = 0; j < rewards.Count; j++)
                {
                    if (rewards[j] is not { } r || r.Days is < 1 or > 366) return ($"{field}.rewards[{j}].days", "Days between 1 and 366.");
                    if (string.IsNullOrWhiteSpace(r.Text) || r.Text.Length > TextMax) return ($"{field}.rewards[{j}].text", $"Non-empty text of at most {TextMax} characters.");
                }
            }
        }
        return null;
    }
}
