namespace PrivateDomain.Contracts.Grains;

/// <summary>
/// One journey's analytics, keyed "{tenantId}/{journeyId}": persisted counters per version and step, fed by the
/// customers' journey decisions. Updates are idempotent per customer by their sequence number.
/// </summary>
[Alias("pd.IJourneyStatsGrain")]
public interface IJourneyStatsGrain : IGrainWithStringKey
{
    /// <summary>Applies the update unless this customer's sequence already reached it; true when it counted.</summary>
    [Alias("ApplyAsync")]
    Task<bool> ApplyAsync(JourneyStatsUpdate update);

    /// <summary>The counters per version and step.</summary>
    [Alias("GetAsync")]
    Task<JourneyStatsView> GetAsync();
}
