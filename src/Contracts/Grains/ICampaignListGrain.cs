namespace PrivateDomain.Contracts.Grains;

/// <summary>A tenant's campaigns (keyed by tenant id), kept up to date by each campaign grain, newest first.</summary>
[Alias("pd.ICampaignListGrain")]
public interface ICampaignListGrain : IGrainWithStringKey
{
    [Alias("PutAsync")]
    Task PutAsync(CampaignSummary summary);

    /// <summary>The newest <paramref name="limit"/> campaigns, those involving <paramref name="personaId"/> when given.</summary>
    [Alias("ListAsync")]
    Task<IReadOnlyList<CampaignSummary>> ListAsync(string? personaId, int limit);
}

/// <summary>One campaign's row: the personas whose customers or groups it reaches, and its latest counts.</summary>
[GenerateSerializer, Immutable, Alias("pd.CampaignSummary")]
public sealed record CampaignSummary(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] string Name,
    [property: Id(2)] string State,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] IReadOnlyList<string> PersonaIds,
    [property: Id(5)] CampaignCounts Counts);
