using PrivateDomain.Contracts;

namespace PrivateDomain.Storage;

/// <summary>
/// Journey analytics counters, kept in the database rather than in one grain per journey: a journey with a million
/// customers would otherwise rewrite a per-customer idempotency map on every update. Each customer's updates are
/// numbered (<see cref="JourneyStatsUpdate.Sequence"/>); an update counts only when its number is above the last one
/// counted for that customer and journey, and the number and the counters change in one transaction, so a redelivery
/// or a replay after a crash never counts twice. Calls from many customers are group-committed.
/// </summary>
public interface IJourneyStatsStore
{
    /// <summary>Counts <paramref name="update"/> unless the customer's sequence for this journey already reached it; true when it counted.</summary>
    Task<bool> ApplyAsync(string tenantId, string journeyId, JourneyStatsUpdate update, CancellationToken cancellationToken = default);

    /// <summary>The journey's counters: versions ascending, each version's rows in the order they were first counted.</summary>
    Task<IReadOnlyList<JourneyStatsRow>> ReadAsync(string tenantId, string journeyId, CancellationToken cancellationToken = default);
}

/// <summary>
/// One counter: the sum of every counted delta with this version, step, kind and reason ("" for none). A waiting
/// count is stored as its raw sum and shown clamped at zero (a wait counted before analytics existed may leave later).
/// </summary>
public sealed record JourneyStatsRow(int Version, string StepId, JourneyStatKind Kind, string Reason, long Amount, DateTimeOffset UpdatedAt);

/// <summary>Argument checks shared by the implementations.</summary>
public static class JourneyStatsArguments
{
    public static void Check(string tenantId, string journeyId)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(journeyId);
    }

    public static void Check(string tenantId, string journeyId, JourneyStatsUpdate update)
    {
        Check(tenantId, journeyId);
        ArgumentNullException.ThrowIfNull(update);
        ArgumentException.ThrowIfNullOrEmpty(update.CustomerId, nameof(update));
        ArgumentNullException.ThrowIfNull(update.Deltas, nameof(update));
        // Sequences start at 1: 0 is what a customer's record holds before anything was counted.
        if (update.Sequence < 1) throw new ArgumentOutOfRangeException(nameof(update), update.Sequence, "A stats update's sequence starts at 1.");
        foreach (var d in update.Deltas)
        {
            if (d is null || d.StepId is null) throw new ArgumentException("Every delta names a step.", nameof(update));
        }
    }
}
