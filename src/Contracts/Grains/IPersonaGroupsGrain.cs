namespace PrivateDomain.Contracts.Grains;

/// <summary>The groups a persona owns, keyed "{tenantId}/{personaId}"; kept by the groups themselves.</summary>
[Alias("pd.IPersonaGroupsGrain")]
public interface IPersonaGroupsGrain : IGrainWithStringKey
{
    /// <summary>Adds or removes a group (idempotent).</summary>
    [Alias("SetAsync")]
    Task SetAsync(string groupId, bool owned);

    /// <summary>The ids of the groups the persona owns, in id order.</summary>
    [Alias("GetAsync")]
    Task<IReadOnlyList<string>> GetAsync();
}
