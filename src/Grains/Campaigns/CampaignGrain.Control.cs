using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Grains.Campaigns;

/// <summary>Pause, resume, cancel and task confirmation.</summary>
public sealed partial class CampaignGrain
{
    public async Task<CampaignView> PauseAsync(string by)
    {
        Require();
        if (S.State is CampaignStates.Planning or CampaignStates.Sending)
        {
            S.StateBeforePause = S.State;
            S.State = CampaignStates.Paused;
            // Planning stops after its current chunk; only then are no more pending rows coming.
            await StopPlanningAsync();
            await WriteAsync();
            var n = await store.PauseAsync(_tenantId, _campaignId);
            logger.LogInformation("Campaign {Tenant}/{Campaign} paused by {By}: {Deliveries} deliveries paused", _tenantId, _campaignId, by, n);
        }
        else if (S.State == CampaignStates.Paused)
        {
            await store.PauseAsync(_tenantId, _campaignId); // a retry after a crash between the write and the store
        }
        else throw new InvalidOperationException($"Campaign {_campaignId} is {S.State}; only a planning or sending campaign can be paused.");
        return await PublishNowAsync();
    }

    public async Task<CampaignView> ResumeAsync(string by)
    {
        Require();
        if (S.State == CampaignStates.Paused)
        {
            S.State = S.StateBeforePause ?? CampaignStates.Sending;
            S.StateBeforePause = null;
            await WriteAsync();
            var n = await store.ResumeAsync(_tenantId, _campaignId);
            logger.LogInformation("Campaign {Tenant}/{Campaign} resumed by {By}: {Deliveries} deliveries queued again", _tenantId, _campaignId, by, n);
            StartProgress();
            if (S.State == CampaignStates.Planning)
            {
                await wakeUps.ScheduleAsync([WakeUp(ResumeKey, time.GetUtcNow() + ResumeAfter)]);
                RunPlanning();
            }
        }
        else if (S.State is not (CampaignStates.Planning or CampaignStates.Sending or CampaignStates.Completed))
            throw new InvalidOperationException($"Campaign {_campaignId} is {S.State}; only a paused campaign can be resumed.");
        return await PublishNowAsync();
    }

    public async Task<CampaignView> CancelAsync(string by)
    {
        Require();
        if (S.State == CampaignStates.Completed) throw new InvalidOperationException($"Campaign {_campaignId} is completed; there is nothing left to cancel.");
        var first = S.State != CampaignStates.Cancelled;
        S.State = CampaignStates.Cancelled;
        await StopPlanningAsync();
        foreach (var task in S.Tasks.Values.Where(t => t.State == CampaignTaskStates.Open)) task.State = CampaignTaskStates.Expired;
        await WriteAsync();
        // Idempotent steps: a retry after a crash finishes them.
        var n = await store.CancelAsync(_tenantId, _campaignId, null);
        var groups = S.GroupIds ?? [];
        foreach (var chunk in groups.Chunk(O.ChunkSize))
            await Task.WhenAll(chunk.Select(g => GrainFactory.GetGrain<IGroupGrain>(TenantKey.Compose(_tenantId, g)).ReleaseCampaignPostAsync(_campaignId)));
        await wakeUps.CancelAsync([WakeUpKeyOf(StartKey), WakeUpKeyOf(ResumeKey), WakeUpKeyOf(TasksKey)]);
        if (first)
            logger.LogInformation("Campaign {Tenant}/{Campaign} cancelled by {By}: {Deliveries} deliveries cancelled, {Groups} group slots released",
                _tenantId, _campaignId, by, n, groups.Count);
        return await PublishNowAsync();
    }

    public async Task<CampaignView> ConfirmTaskAsync(string taskId, string agentId)
    {
        Require();
        if (!S.Tasks.TryGetValue(taskId, out var task)) throw new KeyNotFoundException($"Campaign {_campaignId} has no task {taskId}.");
        if (task.State == CampaignTaskStates.Confirmed) return await ViewAsync();
        if (task.State == CampaignTaskStates.Expired) throw new InvalidOperationException($"Task {taskId} has expired.");
        if (task.NotifiedAt is null) throw new InvalidOperationException($"Task {taskId} is still being planned.");
        var allowed = task.AgentId is { } owner
            ? owner == agentId
            : await GrainFactory.GetGrain<IPersonaGrain>(TenantKey.Compose(_tenantId, task.PersonaId)).IsOperatedByAsync(agentId);
        if (!allowed) throw new AccessDeniedException($"Task {taskId} is not agent {agentId}'s to confirm.");
        // Released before the task is marked: a crash in between leaves it open, and confirming again releases nothing twice.
        var n = await store.ReleaseTaskAsync(_tenantId, _campaignId, taskId, paused: S.State == CampaignStates.Paused);
        task.State = CampaignTaskStates.Confirmed;
        task.ConfirmedAt = time.GetUtcNow();
        task.ConfirmedBy = agentId;
        await WriteAsync();
        await ScheduleTasksWakeUpAsync();
        logger.LogInformation("Campaign {Tenant}/{Campaign}: task {Task} confirmed by {Agent}, {Deliveries} deliveries released",
            _tenantId, _campaignId, taskId, agentId, n);
        return await PublishNowAsync();
    }

    private void Require()
    {
        if (S.Spec is null) throw new KeyNotFoundException($"No campaign {_campaignId}.");
    }
}
