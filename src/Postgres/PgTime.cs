namespace PrivateDomain.Postgres;

/// <summary>
/// An instant as timestamptz (microseconds) plus the 100 ns ticks below the microsecond, so a
/// <see cref="DateTimeOffset"/> goes in and comes back with the same UTC ticks.
/// </summary>
internal static class PgTime
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMicrosecond;

    /// <summary>The whole-microsecond UTC instant, as Npgsql writes to timestamptz.</summary>
    public static DateTime Microseconds(DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        return new DateTime(ticks - ticks % TicksPerMicrosecond, DateTimeKind.Utc);
    }

    /// <summary>The ticks below the microsecond (0–9).</summary>
    public static short SubMicrosecondTicks(DateTimeOffset at) => (short)(at.UtcTicks % TicksPerMicrosecond);

    public static DateTimeOffset Join(DateTime microseconds, short ticks) =>
        new(DateTime.SpecifyKind(microseconds, DateTimeKind.Utc).Ticks + ticks, TimeSpan.Zero);
}
