using PrivateDomain.Contracts;

namespace PrivateDomain.Grains.Grains;

public sealed partial class GroupGrain
{
    // Placeholders until the group cadence lands (being built now).
    public Task<GroupCampaignSlot> PlanCampaignPostAsync(string campaignId, DateTimeOffset wantedAt) => throw new NotSupportedException("group cadence pending");

    public Task ReleaseCampaignPostAsync(string campaignId) => throw new NotSupportedException("group cadence pending");
}
