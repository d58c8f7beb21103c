using PrivateDomain.Contracts;
using PrivateDomain.Grains.Groups.Cadence;

namespace PrivateDomain.Grains.State;

/// <summary>A campaign's reserved post slot in a group (or its refusal), kept so asking again answers the same.</summary>
[GenerateSerializer, Immutable, Alias("pd.CampaignReservation")]
public sealed record CampaignReservation(
    [property: Id(0)] bool Allowed,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Reason,
    [property: Id(3)] DateTimeOffset PlannedAt);

/// <summary>An SOP occurrence the cadence deferred: posted at <see cref="At"/> under its occurrence's local date.</summary>
[GenerateSerializer, Immutable, Alias("pd.DeferredSopPost")]
public sealed record DeferredSopPost([property: Id(0)] DateOnly Occurrence, [property: Id(1)] DateTimeOffset At);

/// <summary>A member's check-in streak for one check-in item.</summary>
[GenerateSerializer, Alias("pd.CheckinStreak")]
public sealed record CheckinStreak
{
    [Id(0)] public DateOnly LastDay { get; set; }
    [Id(1)] public int Streak { get; set; }
    [Id(2)] public DateOnly StreakStart { get; set; }
    [Id(3)] public int Total { get; set; }
}

/// <summary>A group's cadence, its post ledger and campaign reservations, its SOP items and check-in streaks.</summary>
[GenerateSerializer, Alias("pd.GroupScheduleState")]
public sealed record GroupScheduleState
{
    /// <summary>Null: <see cref="GroupCadenceSettings.Default"/>.</summary>
    [Id(0)] public GroupCadenceSettings? Cadence { get; set; }
    [Id(1)] public List<GroupPost> Posts { get; init; } = [];
    [Id(2)] public Dictionary<string, CampaignReservation> Campaigns { get; init; } = new(StringComparer.Ordinal);
    [Id(3)] public List<SopItem> Sop { get; set; } = [];
    /// <summary>The due instant of the "sop" entry in the wake-up index (caught up before each write), or null.</summary>
    [Id(4)] public DateTimeOffset? SopWakeUpAt { get; set; }
    /// <summary>Per SOP item: the local date of the last occurrence handled (posted or skipped).</summary>
    [Id(5)] public Dictionary<string, DateOnly> SopDone { get; init; } = new(StringComparer.Ordinal);
    [Id(6)] public Dictionary<string, DeferredSopPost> SopDeferred { get; init; } = new(StringComparer.Ordinal);
    /// <summary>Per check-in item, per member.</summary>
    [Id(7)] public Dictionary<string, Dictionary<string, CheckinStreak>> Checkins { get; init; } = new(StringComparer.Ordinal);
    /// <summary>Per check-in item: the local day its check-in was last opened.</summary>
    [Id(8)] public Dictionary<string, DateOnly> CheckinOpen { get; init; } = new(StringComparer.Ordinal);
    /// <summary>The group's tenant, set with the SOP: check-in rewards are outbox messages, which name it.</summary>
    [Id(9)] public string? TenantId { get; set; }
}
