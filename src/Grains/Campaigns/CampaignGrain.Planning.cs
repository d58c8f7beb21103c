using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Storage;

namespace PrivateDomain.Grains.Campaigns;

/// <summary>
/// Planning: groups first (each asked for its slot, idempotent per campaign), then directory customers by id; every
/// chunk is placed in one store transaction and the cursor persisted after it. A chunk redone after a crash names the
/// same delivery ids, which the store finds placed.
/// </summary>
public sealed partial class CampaignGrain
{
    private Task? _planning;
    /// <summary>Customers reached so far this activation (group members, then planned customers), for dedupe.</summary>
    private HashSet<string>? _reached;
    /// <summary>How many of <see cref="CampaignState.GroupIds"/> have their members in <see cref="_reached"/>.</summary>
    private int _reachedGroups;
    private readonly Dictionary<string, string?> _personaNames = new(StringComparer.Ordinal);

    private void RunPlanning()
    {
        if (S.State != CampaignStates.Planning || _planning is { IsCompleted: false }) return;
        _planning = PlanAsync();
    }

    private async Task StopPlanningAsync()
    {
        if (_planning is { } running) await running;
    }

    private async Task PlanAsync()
    {
        try
        {
            var spec = S.Spec!;
            var from = S.PlanningFrom ?? time.GetUtcNow();
            await store.SetConversionWindowAsync(_tenantId, _campaignId, spec.ConversionWindow ?? O.ConversionWindow);
            var zone = (await cadence.ForTenantAsync(_tenantId)).DefaultTimeZoneId;
            var planner = await PlannerAsync(spec, from, zone);
            _reached ??= new HashSet<string>(StringComparer.Ordinal);
            if (S.GroupIds is null)
            {
                S.GroupIds = await ResolveGroupsAsync(spec.Audience);
                await WriteAsync();
            }
            while (S.GroupCursor < S.GroupIds.Count)
            {
                if (S.State != CampaignStates.Planning) return;
                await PlanGroupsAsync(planner);
            }
            if (CampaignAudiences.SelectsCustomers(spec.Audience) && !S.CustomersDone)
            {
                await RebuildReachedAsync(planner);
                while (!S.CustomersDone)
                {
                    if (S.State != CampaignStates.Planning) return;
                    await PlanCustomersAsync(planner, spec.Audience);
                }
            }
            if (S.State != CampaignStates.Planning) return;
            var now = time.GetUtcNow();
            // Tasks are notified (and so confirmable) before the campaign reads as sending: a reader who sees
            // "sending" between the two awaits must be able to confirm.
            await NotifyTasksAsync(now);
            S.PlannedAt = now;
            S.State = CampaignStates.Sending;
            await WriteAsync();
            await ScheduleTasksWakeUpAsync();
            _reached = null;
            var counts = await CountsAsync();
            logger.LogInformation("Campaign {Tenant}/{Campaign} planned: {Deliveries} deliveries, {Recipients} recipients, {Quota} over quota, {Tasks} tasks",
                _tenantId, _campaignId, counts.Deliveries, counts.Recipients, counts.SkippedQuota, S.Tasks.Count);
            await PublishAsync(counts, force: true);
        }
        catch (Exception ex)
        {
            // The resume wake-up (at most a minute away) runs it again from the persisted cursor.
            logger.LogWarning(ex, "Campaign {Tenant}/{Campaign}: planning stopped at group {Group}, customer {Customer}; resuming later",
                _tenantId, _campaignId, S.GroupCursor, S.CustomerCursor);
            DeactivateOnIdle();
        }
    }

    private async Task<CampaignPlanner> PlannerAsync(CampaignSpec spec, DateTimeOffset from, string zone)
    {
        await LoadPersonaNamesAsync(spec.Audience.PersonaIds ?? []);
        return new CampaignPlanner(_tenantId, _campaignId, spec, O, from, zone, p => p is null ? null : _personaNames.GetValueOrDefault(p));
    }

    /// <summary>Persona display names for <c>{{persona.name}}</c>, read once per persona met (the silo caches them).</summary>
    private async Task LoadPersonaNamesAsync(IEnumerable<string?> personaIds)
    {
        var missing = personaIds.OfType<string>().Where(p => !_personaNames.ContainsKey(p)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count == 0) return;
        var found = await names.ForTenantAsync(_tenantId, missing, []);
        foreach (var p in missing) _personaNames[p] = found.Persona(p);
    }

    private async Task PlanGroupsAsync(CampaignPlanner planner)
    {
        DelayDeactivation(ResumeAfter);
        var ids = S.GroupIds!.Skip(S.GroupCursor).Take(O.ChunkSize).ToList();
        var slots = await AskGroupsAsync(ids, planner);
        await LoadPersonaNamesAsync(slots.Select(s => s.OwnerPersonaId));
        var deliveries = new List<PlannedDelivery>(slots.Length);
        foreach (var slot in slots)
        {
            if (planner.ForGroup(slot) is { } d) deliveries.Add(d);
            else S.GroupsRefused[slot.Allowed ? "no_owner" : slot.Reason] = S.GroupsRefused.GetValueOrDefault(slot.Allowed ? "no_owner" : slot.Reason) + 1;
            if (slot.Allowed && _reachedGroups == S.GroupCursor) _reached!.UnionWith(slot.MemberIds);
        }
        await PlaceAsync(planner, deliveries);
        if (_reachedGroups == S.GroupCursor) _reachedGroups += ids.Count;
        S.GroupCursor += ids.Count;
        await ChunkDoneAsync();
    }

    private async Task PlanCustomersAsync(CampaignPlanner planner, CampaignAudience audience)
    {
        DelayDeactivation(ResumeAfter);
        var (ids, tags, all) = CampaignAudiences.DirectoryQuery(audience);
        var page = await directory.PageAsync(_tenantId, ids, tags, all, S.CustomerCursor, O.ChunkSize);
        await LoadPersonaNamesAsync(page.Select(e => e.OwnerPersonaId));
        var plan = planner.ForCustomers(page, _reached!);
        await PlaceAsync(planner, plan.Deliveries);
        S.SkippedDuplicate += plan.Duplicates;
        S.Unreachable += plan.Unreachable;
        if (page.Count > 0) S.CustomerCursor = page[^1].CustomerId;
        if (page.Count < O.ChunkSize) S.CustomersDone = true;
        await ChunkDoneAsync();
    }

    /// <summary>After a reactivation the members of groups planned before are asked again (slots are idempotent per campaign).</summary>
    private async Task RebuildReachedAsync(CampaignPlanner planner)
    {
        while (_reachedGroups < S.GroupCursor)
        {
            var ids = S.GroupIds!.Skip(_reachedGroups).Take(Math.Min(O.ChunkSize, S.GroupCursor - _reachedGroups)).ToList();
            foreach (var slot in await AskGroupsAsync(ids, planner))
                if (slot.Allowed) _reached!.UnionWith(slot.MemberIds);
            _reachedGroups += ids.Count;
        }
    }

    private Task<GroupCampaignSlot[]> AskGroupsAsync(IReadOnlyList<string> ids, CampaignPlanner planner) =>
        Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<IGroupGrain>(TenantKey.Compose(_tenantId, id)).PlanCampaignPostAsync(_campaignId, planner.GroupWantedAt)));

    private async Task PlaceAsync(CampaignPlanner planner, IReadOnlyList<PlannedDelivery> deliveries)
    {
        foreach (var chunk in planner.Chunks(deliveries))
            await store.PlaceAsync(chunk);
        foreach (var d in deliveries)
        {
            S.PersonaIds.Add(d.Message.PersonaId);
            if (d.TaskId is null) continue;
            if (!S.Tasks.TryGetValue(d.TaskId, out var task))
                S.Tasks[d.TaskId] = task = new CampaignTaskState { PersonaId = d.Message.PersonaId, AgentId = d.Message.AgentId };
            task.Deliveries++;
        }
    }

    private async Task ChunkDoneAsync()
    {
        await wakeUps.ScheduleAsync([WakeUp(ResumeKey, time.GetUtcNow() + ResumeAfter)]);
        await WriteAsync();
    }

    /// <summary>Listed groups, every group of the listed pools, and groups carrying the tags; only the audience's personas' when named.</summary>
    private async Task<List<string>> ResolveGroupsAsync(CampaignAudience a)
    {
        var ids = new SortedSet<string>(a.GroupIds ?? [], StringComparer.Ordinal);
        foreach (var pool in a.PoolIds ?? [])
        {
            var view = await GrainFactory.GetGrain<ILiveCodePoolGrain>(TenantKey.Compose(_tenantId, pool)).GetAsync();
            ids.UnionWith(view.Groups.Select(g => g.GroupId));
        }
        var directoryGrain = GrainFactory.GetGrain<IGroupDirectoryGrain>(_tenantId);
        if (a.GroupTags is { Count: > 0 } tags)
            ids.UnionWith((await directoryGrain.FindAsync(tags, a.PersonaIds)).Select(g => g.GroupId));
        if (a.PersonaIds is { Count: > 0 } personas)
        {
            var owned = (await directoryGrain.FindAsync(null, personas)).Select(g => g.GroupId).ToHashSet(StringComparer.Ordinal);
            ids.IntersectWith(owned);
        }
        return ids.ToList();
    }
}
