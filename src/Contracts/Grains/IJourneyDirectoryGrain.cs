namespace PrivateDomain.Contracts.Grains;

/// <summary>A tenant's journeys and their status, keyed by tenant id; kept up to date by each journey grain.</summary>
[Alias("pd.IJourneyDirectoryGrain")]
public interface IJourneyDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Returns every journey of the tenant, ordered by id.</summary>
    [Alias("ListAsync")]
    Task<IReadOnlyList<JourneyDirectoryEntry>> ListAsync();

    /// <summary>Records a journey's current entry; sending the same entry again changes nothing.</summary>
    [Alias("UpdateAsync")]
    Task UpdateAsync(JourneyDirectoryEntry entry);
}
