using System.Globalization;
using PrivateDomain.Contracts;
using PrivateDomain.Grains.Cadence;

namespace PrivateDomain.Grains.Groups.Cadence;

/// <summary>
/// A group's own posting limits over one ledger of SOP, campaign and persona posts: a daily cap per local day, quiet
/// hours and a minimum gap, in the group's time zone. Pure: time is passed in.
/// </summary>
public sealed class GroupCadence
{
    public const string CapReached = "cap_reached";
    public const string QuietHoursReason = "quiet_hours";
    public const string MinGap = "min_gap";

    /// <summary>The ledger keeps posts this far back (a local day plus any zone offset) and at most this many entries.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(50);
    public const int LedgerMax = 200;

    private const int MaxSteps = 500;

    public GroupCadence(GroupCadenceSettings settings)
    {
        Settings = settings;
        Zone = LocalTime.Zone(settings.TimeZone);
        Quiet = new QuietHours(ParseTime(settings.QuietStart), ParseTime(settings.QuietEnd));
    }

    public GroupCadenceSettings Settings { get; }
    public TimeZoneInfo Zone { get; }
    public QuietHours Quiet { get; }

    /// <summary>"HH:mm" → time of day, or null when malformed.</summary>
    public static TimeOnly? TryParseTime(string? text) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    /// <summary>The first invalid field of cadence settings ("cadence.quietStart"), with why; null when valid.</summary>
    public static (string Field, string Error)? Validate(GroupCadenceSettings c)
    {
        if (c.MaxPostsPerDay is < 1 or > 50) return ("cadence.maxPostsPerDay", "Between 1 and 50.");
        if (TryParseTime(c.QuietStart) is null) return ("cadence.quietStart", "A local time \"HH:mm\".");
        if (TryParseTime(c.QuietEnd) is null) return ("cadence.quietEnd", "A local time \"HH:mm\".");
        if (string.IsNullOrWhiteSpace(c.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(c.TimeZone, out _))
            return ("cadence.timeZone", "A known IANA time zone such as Asia/Shanghai.");
        if (c.MinGapMinutes is < 0 or > 1440) return ("cadence.minGapMinutes", "Between 0 and 1440.");
        if (c.MaxDeferralHours is < 0 or > 168) return ("cadence.maxDeferralHours", "Between 0 and 168.");
        return null;
    }

    private static TimeOnly ParseTime(string text) => TryParseTime(text) ?? TimeOnly.MinValue;

    /// <summary>
    /// The first slot at or after <paramref name="wantedAt"/> clear of quiet hours, the gap to every other post and the
    /// day's cap, within the maximum deferral; refused (cap_reached) when there is none. Agent posts are always allowed
    /// at the wanted time: a human decided.
    /// </summary>
    public GroupSlot Slot(IReadOnlyList<GroupPost> ledger, DateTimeOffset wantedAt, string source)
    {
        if (source == GroupPostSources.Agent) return new GroupSlot(true, wantedAt, "");
        var gap = TimeSpan.FromMinutes(Math.Max(0, Settings.MinGapMinutes));
        var limit = wantedAt + TimeSpan.FromHours(Math.Max(0, Settings.MaxDeferralHours));
        var at = wantedAt;
        var reason = "";
        for (var step = 0; step < MaxSteps && at <= limit; step++)
        {
            if (LocalTime.QuietUntil(Quiet, at, Zone) is { } end)
            {
                (at, reason) = (end, First(reason, QuietHoursReason));
                continue;
            }
            var day = DateOnly.FromDateTime(LocalTime.ToLocal(at, Zone));
            if (ledger.Count(p => DateOnly.FromDateTime(LocalTime.ToLocal(p.At, Zone)) == day) >= Settings.MaxPostsPerDay)
            {
                (at, reason) = (LocalTime.At(day.AddDays(1), TimeOnly.MinValue, Zone), First(reason, CapReached));
                continue;
            }
            var clash = ledger.Where(p => (p.At - at).Duration() < gap).Select(p => p.At).DefaultIfEmpty().Max();
            if (clash != default)
            {
                (at, reason) = (clash + gap, First(reason, MinGap));
                continue;
            }
            return new GroupSlot(true, at, reason);
        }
        return new GroupSlot(false, wantedAt, CapReached);
    }

    /// <summary>Adds a post (replacing one with the same key) and drops posts older than the retention, keeping the ledger bounded.</summary>
    public static void Record(List<GroupPost> ledger, GroupPost post, DateTimeOffset now)
    {
        ledger.RemoveAll(p => p.Key == post.Key || p.At < now - Retention);
        ledger.Add(post);
        ledger.Sort((a, b) => a.At.CompareTo(b.At));
        if (ledger.Count > LedgerMax) ledger.RemoveRange(0, ledger.Count - LedgerMax);
    }

    private static string First(string current, string next) => current == "" ? next : current;
}
