namespace PrivateDomain.Grains.Cadence;

/// <summary>Wall-clock arithmetic in a customer's time zone (IANA ids), resolving DST gaps and overlaps.</summary>
public static class LocalTime
{
    /// <summary>The zone for an IANA id, or the fallback when the id is missing or unknown.</summary>
    public static TimeZoneInfo Zone(string? ianaId, string fallbackId = "Asia/Shanghai")
    {
        if (ianaId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(ianaId, out var zone)) return zone;
        return TimeZoneInfo.TryFindSystemTimeZoneById(fallbackId, out var fallback) ? fallback : TimeZoneInfo.Utc;
    }

    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone).DateTime;

    /// <summary>
    /// The first instant at or after a wall-clock time: a time skipped by a spring-forward gap resolves to the end
    /// of the gap; a time repeated by a fall-back overlap resolves to its first occurrence.
    /// </summary>
    public static DateTimeOffset At(DateOnly date, TimeOnly time, TimeZoneInfo zone) => Resolve(date.ToDateTime(time), zone);

    private static DateTimeOffset Resolve(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // Gaps are whole minutes in every real zone; stepping keeps this independent of transition rules.
        for (var i = 0; i < 24 * 60 && zone.IsInvalidTime(local); i++) local = local.AddMinutes(1);
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>When the quiet period containing <paramref name="instant"/> ends, or null when it is not quiet.</summary>
    public static DateTimeOffset? QuietUntil(QuietHours quiet, DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = ToLocal(instant, zone);
        var time = TimeOnly.FromDateTime(local);
        if (!quiet.Contains(time)) return null;
        var date = DateOnly.FromDateTime(local);
        var endDate = quiet.Start > quiet.End && time >= quiet.Start ? date.AddDays(1) : date;
        var end = At(endDate, quiet.End, zone);
        return end > instant ? end : instant.AddMinutes(1);
    }
}
