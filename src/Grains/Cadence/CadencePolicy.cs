namespace PrivateDomain.Grains.Cadence;

/// <summary>
/// At most <see cref="Max"/> sends in any rolling <see cref="Window"/> among touches it applies to.
/// A null <see cref="Channel"/> or <see cref="Class"/> means any; a <see cref="MassOnly"/> cap counts only mass messages
/// (the WeCom per-customer mass-message rule), whatever their class.
/// </summary>
public sealed record FrequencyCap(
    string Name, int Max, TimeSpan Window, string? Channel = null, TouchClass? Class = null, bool MassOnly = false)
{
    public bool AppliesTo(string channel, TouchClass @class, bool isMass) =>
        (Channel is null || Channel == channel) && (Class is null || Class == @class) && (!MassOnly || isMass);

    public static FrequencyCap Marketing(string name, int max, TimeSpan window, string? channel = null) =>
        new(name, max, window, channel, TouchClass.Marketing);

    public static FrequencyCap Service(string name, int max, TimeSpan window, string? channel = null) =>
        new(name, max, window, channel, TouchClass.Service);

    /// <summary>"Per month" is best written as 31 days: a rolling 31-day cap also holds in every calendar month.</summary>
    public static FrequencyCap Mass(string name, int max, TimeSpan window) => new(name, max, window, MassOnly: true);
}

/// <summary>Local do-not-disturb hours; a start later than the end spans midnight (21:30–08:30). Start == end: none.</summary>
public sealed record QuietHours(TimeOnly Start, TimeOnly End)
{
    public bool Contains(TimeOnly local) =>
        Start < End ? local >= Start && local < End : Start > End && (local >= Start || local < End);

    public override string ToString() => $"{Start:HH\\:mm}–{End:HH\\:mm}";
}

/// <summary>A tenant's contact-pressure rules. Quiet hours, the minimum gap and un-classed caps apply to service touches too.</summary>
public sealed record CadencePolicy
{
    public IReadOnlyList<FrequencyCap> Caps { get; init; } = [];
    public QuietHours? QuietHours { get; init; }

    /// <summary>How long after it was requested a touch may still go out; past that it is dropped (or skipped when capped).</summary>
    public TimeSpan MaxDeferral { get; init; } = TimeSpan.FromHours(24);

    public TimeSpan MinGap { get; init; } = TimeSpan.Zero;
    public string DefaultTimeZoneId { get; init; } = "Asia/Shanghai";
    public int HistoryLimit { get; init; } = 30;
    public int DedupeLimit { get; init; } = 200;

    /// <summary>How far back sends must be kept to evaluate every cap and the gap.</summary>
    public TimeSpan Retention => Caps.Select(c => c.Window).Append(MinGap).Max();

    public static CadencePolicy Default { get; } = new()
    {
        Caps =
        [
            FrequencyCap.Marketing("marketing_24h", 2, TimeSpan.FromHours(24)),
            FrequencyCap.Marketing("marketing_7d", 4, TimeSpan.FromDays(7)),
            FrequencyCap.Marketing("sms_marketing_7d", 1, TimeSpan.FromDays(7), CadenceChannels.Sms),
            FrequencyCap.Service("service_24h", 5, TimeSpan.FromHours(24)),
            FrequencyCap.Mass("mass_day", 1, TimeSpan.FromHours(24)),
            FrequencyCap.Mass("mass_month", 4, TimeSpan.FromDays(31)),
        ],
        QuietHours = new QuietHours(new TimeOnly(21, 30), new TimeOnly(8, 30)),
        MinGap = TimeSpan.FromMinutes(30),
    };
}
