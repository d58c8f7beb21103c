namespace PrivateDomain.Storage;

/// <summary>Identifies one wake-up: a grain (tenant, kind, entity) may hold several, one per key.</summary>
public sealed record WakeUpKey(string TenantId, string Kind, string EntityId, string Key);

/// <summary>A request to wake a grain at <see cref="DueAt"/>; scheduling the same key again moves it.</summary>
public sealed record WakeUp(string TenantId, string Kind, string EntityId, string Key, DateTimeOffset DueAt)
{
    public WakeUpKey Id => new(TenantId, Kind, EntityId, Key);
}

/// <summary>
/// A wake-up taken by a claimer and leased to it until <see cref="LeasedUntil"/>. <see cref="Version"/> names
/// this claim: a later claim or a reschedule gives the entry a new version, so a stale completion deletes nothing.
/// </summary>
public sealed record ClaimedWakeUp(WakeUp WakeUp, long Version, DateTimeOffset LeasedUntil);
