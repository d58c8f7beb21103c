using PrivateDomain.Grains.Cadence;

namespace PrivateDomain.Tests.Unit.Cadence;

/// <summary>Touches, zones and policies for the cadence tests.</summary>
internal static class CadenceKit
{
    public static readonly TimeZoneInfo Shanghai = LocalTime.Zone("Asia/Shanghai");
    public static readonly TimeZoneInfo NewYork = LocalTime.Zone("America/New_York");
    public static readonly TouchSource JourneyA = TouchSource.Journey("welcome", "day3");
    public static readonly TouchSource JourneyB = TouchSource.Journey("six-interactions", "m2");
    public static readonly TouchSource CampaignC = TouchSource.Campaign("spring-sale");

    /// <summary>A Shanghai wall-clock instant (UTC+8, no DST).</summary>
    public static DateTimeOffset Sh(int month, int day, int hour, int minute = 0) =>
        new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    public static Touch Marketing(DateTimeOffset at, string? id = null, string channel = CadenceChannels.WeComDirect,
        TouchSource? source = null, bool mass = false) =>
        new(id ?? Guid.NewGuid().ToString("N"), source ?? JourneyA, channel, TouchClass.Marketing, mass, at);

    public static Touch Service(DateTimeOffset at, string? id = null, bool mass = false) =>
        new(id ?? Guid.NewGuid().ToString("N"), JourneyA, CadenceChannels.WeComDirect, TouchClass.Service, mass, at);

    /// <summary>Caps only: no quiet hours, no gap, and deferrals long enough for any window to free up.</summary>
    public static CadencePolicy CapsOnly(params FrequencyCap[] caps) => new() { Caps = caps, MaxDeferral = TimeSpan.FromDays(40) };

    public static CadencePolicy QuietOnly(int startHour, int startMinute, int endHour, int endMinute) => new()
    {
        QuietHours = new QuietHours(new TimeOnly(startHour, startMinute), new TimeOnly(endHour, endMinute)),
        MaxDeferral = TimeSpan.FromHours(24),
    };

    public static CadenceDecision Apply(CadenceLedgerState state, Touch touch, CadencePolicy policy, TimeZoneInfo? zone = null) =>
        CadenceLedger.Apply(state, touch, policy, zone ?? Shanghai, touch.RequestedAt);
}
