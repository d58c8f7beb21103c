using Microsoft.Extensions.Options;
using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Grains.Campaigns;

[GenerateSerializer, Alias("pd.CampaignListState")]
public sealed class CampaignListState
{
    /// <summary>Newest first (by creation time, then id).</summary>
    [Id(0)] public List<CampaignSummary> Campaigns { get; set; } = [];
}

/// <summary>
/// A tenant's campaigns, newest first, at most <see cref="CampaignOptions.ListLimit"/>. Campaign grains put their row on
/// every state change and progress publication; a row's counts may therefore lag its campaign by a progress interval.
/// </summary>
[GrainType("campaignlist")]
public sealed class CampaignListGrain(
    [PersistentState("campaignList")] IPersistentState<CampaignListState> state,
    IOptions<CampaignOptions> options)
    : Grain, ICampaignListGrain
{
    private List<CampaignSummary> Rows => state.State.Campaigns;

    public async Task PutAsync(CampaignSummary summary)
    {
        var at = Rows.FindIndex(r => r.CampaignId == summary.CampaignId);
        if (at >= 0)
        {
            if (Same(Rows[at], summary)) return;
            Rows[at] = summary;
        }
        else
        {
            var index = Rows.FindIndex(r => Newer(summary, r));
            Rows.Insert(index < 0 ? Rows.Count : index, summary);
            if (Rows.Count > options.Value.ListLimit) Rows.RemoveRange(options.Value.ListLimit, Rows.Count - options.Value.ListLimit);
        }
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<CampaignSummary>> ListAsync(string? personaId, int limit)
    {
        IEnumerable<CampaignSummary> rows = Rows;
        if (personaId is not null) rows = rows.Where(r => r.PersonaIds.Contains(personaId));
        return Task.FromResult<IReadOnlyList<CampaignSummary>>(rows.Take(Math.Clamp(limit, 1, options.Value.ListLimit)).ToList());
    }

    private static bool Newer(CampaignSummary a, CampaignSummary b) =>
        a.CreatedAt > b.CreatedAt || (a.CreatedAt == b.CreatedAt && string.CompareOrdinal(a.CampaignId, b.CampaignId) > 0);

    private static bool Same(CampaignSummary a, CampaignSummary b) =>
        a.Name == b.Name && a.State == b.State && a.Counts == b.Counts && a.PersonaIds.SequenceEqual(b.PersonaIds);
}
