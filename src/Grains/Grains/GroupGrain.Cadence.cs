using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Groups.Cadence;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Grains.Grains;

public sealed partial class GroupGrain
{
    /// <summary>Campaign reservations kept (the newest by planning time), so a repeat ask answers the first slot.</summary>
    public const int CampaignReservationsMax = 200;

    private GroupCadence Cadence => new(S.Schedule.Cadence ?? GroupCadenceSettings.Default);

    public async Task<GroupCampaignSlot> PlanCampaignPostAsync(string campaignId, DateTimeOffset wantedAt)
    {
        var members = S.Members.Keys.ToList();
        var schedule = S.Schedule;
        if (schedule.Campaigns.TryGetValue(campaignId, out var kept)) return CampaignSlot(kept.Allowed, kept.At, kept.Reason, members);
        if (S.OwnerPersonaId is null) return CampaignSlot(false, wantedAt, GroupCampaignReasons.NoOwner, members);
        if (members.Count == 0) return CampaignSlot(false, wantedAt, GroupCampaignReasons.NoMembers, members);
        var now = time.GetUtcNow();
        var slot = Cadence.Slot(schedule.Posts, wantedAt, GroupPostSources.Campaign);
        var reservation = new CampaignReservation(slot.Allowed, slot.Allowed ? slot.At : wantedAt, slot.Allowed ? "" : slot.Reason, now);
        schedule.Campaigns[campaignId] = reservation;
        if (schedule.Campaigns.Count > CampaignReservationsMax)
            schedule.Campaigns.Remove(schedule.Campaigns.MinBy(kv => kv.Value.PlannedAt).Key);
        if (slot.Allowed) GroupCadence.Record(schedule.Posts, new GroupPost(slot.At, GroupPostSources.Campaign, CampaignKey(campaignId)), now);
        await PersistAsync();
        logger.LogInformation("Group {Group} campaign {Campaign} post {Outcome} at {At} ({Reason})", EntityId, campaignId,
            slot.Allowed ? "reserved" : "refused", reservation.At, slot.Reason);
        return CampaignSlot(reservation.Allowed, reservation.At, reservation.Reason, members);
    }

    public async Task ReleaseCampaignPostAsync(string campaignId)
    {
        var schedule = S.Schedule;
        var removed = schedule.Campaigns.Remove(campaignId);
        removed |= schedule.Posts.RemoveAll(p => p.Key == CampaignKey(campaignId)) > 0;
        if (removed) await PersistAsync();
    }

    /// <summary>Counts a post in the group's cadence ledger (agent posts are always allowed, but they take their place).</summary>
    private void RecordPost(string source, string key, DateTimeOffset at) =>
        GroupCadence.Record(S.Schedule.Posts, new GroupPost(at, source, key), time.GetUtcNow());

    private GroupCampaignSlot CampaignSlot(bool allowed, DateTimeOffset at, string reason, IReadOnlyList<string> members) =>
        new(EntityId, S.Name, S.OwnerPersonaId, allowed, at, reason, members);

    private static string CampaignKey(string campaignId) => $"campaign:{campaignId}";
}
