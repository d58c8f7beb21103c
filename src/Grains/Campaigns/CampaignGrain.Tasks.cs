using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Grains.Campaigns;

/// <summary>Confirm-task notices, reminders and expiry; progress items and completion.</summary>
public sealed partial class CampaignGrain
{
    private CampaignCounts? _published;
    private string? _publishedState;
    private long _publishedAt;
    private DateTimeOffset _resumeDue;

    /// <summary>Planning is done: every task's agent (or persona) is told, and its reminders and deadline start.</summary>
    private async Task NotifyTasksAsync(DateTimeOffset now)
    {
        foreach (var (id, task) in S.Tasks.Where(t => t.Value.NotifiedAt is null && t.Value.State == CampaignTaskStates.Open))
        {
            task.NotifiedAt = now;
            await NotifyTaskAsync(id, task, 0);
        }
    }

    private async Task ReconcileTasksAsync()
    {
        var now = time.GetUtcNow();
        var changed = false;
        foreach (var (id, task) in S.Tasks)
        {
            var (reminders, expired) = CampaignTasks.Due(task, O, now);
            if (expired)
            {
                var n = await store.CancelAsync(_tenantId, _campaignId, id);
                task.State = CampaignTaskStates.Expired;
                changed = true;
                logger.LogInformation("Campaign {Tenant}/{Campaign}: task {Task} expired unconfirmed, {Deliveries} deliveries cancelled", _tenantId, _campaignId, id, n);
            }
            else if (reminders > 0)
            {
                // Told before the count is stored: a crash in between re-sends the same item, which the feed drops.
                var number = task.RemindersSent + reminders;
                await NotifyTaskAsync(id, task, number);
                task.RemindersSent = number;
                changed = true;
            }
        }
        if (changed) await WriteAsync();
        await ScheduleTasksWakeUpAsync();
    }

    private async Task ScheduleTasksWakeUpAsync()
    {
        var next = S.State == CampaignStates.Cancelled ? null : S.Tasks.Values.Select(t => CampaignTasks.NextDue(t, O)).Where(d => d is not null).Min();
        if (next is { } due) await wakeUps.ScheduleAsync([WakeUp(TasksKey, due)]);
        else await wakeUps.CancelAsync([WakeUpKeyOf(TasksKey)]);
    }

    private Task NotifyTaskAsync(string taskId, CampaignTaskState task, int reminder)
    {
        var deadline = (task.NotifiedAt ?? time.GetUtcNow()) + O.TaskDeadline;
        var eventId = reminder == 0 ? $"{_campaignId}/{taskId}" : $"{_campaignId}/{taskId}/reminder-{reminder}";
        var item = new ConsoleItem(0, ConsoleItemKinds.CampaignTask, time.GetUtcNow(), null, null, task.PersonaId, task.AgentId,
            CampaignTasks.Text(Name, task, reminder, deadline), eventId);
        return task.AgentId is { } agent
            ? GrainFactory.GetGrain<IAgentGrain>(TenantKey.Compose(_tenantId, agent)).NotifyAsync(item)
            : GrainFactory.GetGrain<IPersonaGrain>(TenantKey.Compose(_tenantId, task.PersonaId)).PublishAsync(item);
    }

    private void StartProgress() =>
        _progressTimer ??= this.RegisterGrainTimer(ProgressTickAsync, new GrainTimerCreationOptions(O.ProgressInterval, O.ProgressInterval) { KeepAlive = true });

    private async Task ProgressTickAsync(CancellationToken cancellationToken)
    {
        if (S.State is not (CampaignStates.Planning or CampaignStates.Sending))
        {
            _progressTimer?.Dispose();
            _progressTimer = null;
            return;
        }
        await CheckProgressAsync();
        await PublishAsync(await CountsAsync(), force: false);
    }

    /// <summary>A sending campaign with nothing held, queued or paused is completed; one still sending keeps its resume wake-up.</summary>
    private async Task CheckProgressAsync()
    {
        if (S.State != CampaignStates.Sending) return;
        var counts = await CountsAsync();
        if (counts.Held + counts.Queued + counts.Paused == 0)
        {
            S.State = CampaignStates.Completed;
            await WriteAsync();
            await wakeUps.CancelAsync([WakeUpKeyOf(ResumeKey), WakeUpKeyOf(TasksKey)]);
            logger.LogInformation("Campaign {Tenant}/{Campaign} completed: {Sent} sent, {Failed} failed, {Cancelled} cancelled",
                _tenantId, _campaignId, counts.Sent, counts.Failed, counts.Cancelled);
            await PublishAsync(counts, force: true);
            return;
        }
        // While sending, the resume wake-up brings the grain back after a silo death to see it through to completed.
        var now = time.GetUtcNow();
        if (_resumeDue - now < ResumeAfter / 2)
        {
            _resumeDue = now + ResumeAfter;
            await wakeUps.ScheduleAsync([WakeUp(ResumeKey, _resumeDue)]);
        }
    }

    /// <summary>After a control call: the view, with its progress published at once.</summary>
    private async Task<CampaignView> PublishNowAsync()
    {
        var view = await ViewAsync();
        await PublishAsync(view.Counts, force: true);
        return view;
    }

    /// <summary>Publishes a progress item to every involved persona when the counts or state changed (at most once per interval unless forced).</summary>
    private async Task PublishAsync(CampaignCounts counts, bool force)
    {
        if (counts == _published && S.State == _publishedState) return;
        if (!force && _published is not null && Stopwatch.GetElapsedTime(_publishedAt) < O.ProgressInterval) return;
        _published = counts;
        _publishedState = S.State;
        _publishedAt = Stopwatch.GetTimestamp();
        var eventId = $"{_campaignId}/progress/{S.State}:{counts.Deliveries}:{counts.Held}:{counts.Queued}:{counts.Paused}:{counts.Sent}:{counts.Failed}:{counts.Cancelled}";
        var text = CampaignTasks.ProgressText(Name, S.State, counts);
        var now = time.GetUtcNow();
        var personas = S.PersonaIds.ToList();
        try
        {
            await Task.WhenAll(personas.Select(p => GrainFactory.GetGrain<IPersonaGrain>(TenantKey.Compose(_tenantId, p))
                .PublishAsync(new ConsoleItem(0, ConsoleItemKinds.CampaignProgress, now, null, null, p, null, text, eventId))));
            await PutSummaryAsync(counts);
        }
        catch (Exception ex)
        {
            // Progress is best effort: the next change publishes again, and consoles read the campaign itself.
            _published = null;
            logger.LogWarning(ex, "Campaign {Tenant}/{Campaign}: progress not published", _tenantId, _campaignId);
        }
    }
}
