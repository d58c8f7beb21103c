namespace PrivateDomain.Contracts.Grains;

/// <summary>
/// Wakes every existing customer of a tenant once for one published journey version whose entry is evaluated over
/// time (date, schedule, segment), so customers who have no event coming still learn their first occurrence. Keyed
/// "{tenantId}/{journeyId}:{version}"; woken by the durable wake-up index (kind <see cref="Kind"/>) until it is done,
/// so a sweep interrupted by a crash resumes from its persisted cursor.
/// </summary>
[Alias("pd.IJourneyTriggerSweepGrain")]
public interface IJourneyTriggerSweepGrain : IWakeUpTarget
{
    public const string Kind = "journeysweep";

    /// <summary>Starts the sweep unless it already started; returns at once (the pages run in the background).</summary>
    [Alias("StartAsync")]
    Task StartAsync();

    [Alias("GetAsync")]
    Task<JourneyTriggerSweepView> GetAsync();
}

/// <summary>A sweep's progress: customers whose wake-up was scheduled so far, and when it started and finished.</summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyTriggerSweepView")]
public sealed record JourneyTriggerSweepView(
    [property: Id(0)] long Scheduled,
    [property: Id(1)] DateTimeOffset? StartedAt,
    [property: Id(2)] DateTimeOffset? FinishedAt);
