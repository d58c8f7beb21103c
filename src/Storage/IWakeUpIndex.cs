namespace PrivateDomain.Storage;

/// <summary>
/// The durable wake-up index: when each waiting grain is due, kept outside grain memory so a million waiting
/// customers cost a row each, not an activation or an Orleans reminder. It is derived data: a grain keeps its
/// own NextDueAt and schedules it here before persisting the state that needs it (an orphaned entry only
/// causes a wake-up that the grain's reconcile ignores; a missing one would be a wait forgotten).
/// </summary>
public interface IWakeUpIndex
{
    /// <summary>Upserts each key's due instant (the last one wins within a call); same due again changes nothing.</summary>
    Task ScheduleAsync(IReadOnlyList<WakeUp> wakeUps, CancellationToken cancellationToken = default);

    /// <summary>Removes the keys' wake-ups (claimed or not); returns how many existed.</summary>
    Task<int> CancelAsync(IReadOnlyList<WakeUpKey> keys, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims up to <paramref name="maxCount"/> entries due at <paramref name="now"/> (or whose lease expired), earliest
    /// first, leasing them until now + <paramref name="leaseFor"/>; an entry is never held by two live claims.
    /// </summary>
    Task<IReadOnlyList<ClaimedWakeUp>> TakeDueAsync(DateTimeOffset now, int maxCount, TimeSpan leaseFor, CancellationToken cancellationToken = default);

    /// <summary>Deletes claimed entries still at the claimed version (not rescheduled or re-claimed since); returns how many.</summary>
    Task<int> CompleteAsync(IReadOnlyList<ClaimedWakeUp> claimed, CancellationToken cancellationToken = default);

    /// <summary>The earliest instant at which an entry can be taken (its due time, or its lease's end), or null when empty.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default);
}

/// <summary>Argument checks shared by the index implementations.</summary>
public static class WakeUpArguments
{
    public static void Check(IReadOnlyList<WakeUp> wakeUps)
    {
        ArgumentNullException.ThrowIfNull(wakeUps);
        foreach (var w in wakeUps)
            Check(w?.Id, nameof(wakeUps));
    }

    public static void Check(IReadOnlyList<WakeUpKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var k in keys)
            Check(k, nameof(keys));
    }

    public static void Check(IReadOnlyList<ClaimedWakeUp> claimed)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        foreach (var c in claimed)
            Check(c?.WakeUp?.Id, nameof(claimed));
    }

    public static void Check(int maxCount, TimeSpan leaseFor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseFor, TimeSpan.Zero);
    }

    private static void Check(WakeUpKey? key, string parameter)
    {
        if (key is null || string.IsNullOrEmpty(key.TenantId) || string.IsNullOrEmpty(key.Kind) || string.IsNullOrEmpty(key.EntityId) || key.Key is null)
            throw new ArgumentException("Every wake-up needs a tenant, kind and entity id (and a non-null key).", parameter);
    }
}
