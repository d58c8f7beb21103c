using Microsoft.AspNetCore.SignalR;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Gateway.ConsoleHub;

/// <summary>
/// Campaigns (群发) as one persona's agents see them: the campaigns reaching the persona, its confirmation tasks, per-group
/// results, and pause/resume/cancel for supervisors. A campaign that does not involve the persona, or belongs to another
/// tenant, answers exactly like an unknown one.
/// </summary>
public sealed partial class ConsoleHub
{
    public const int MaxCampaignsListed = 100;
    /// <summary>How far back the tenant's campaign list is searched when a campaign has no task of the persona.</summary>
    public const int CampaignInvolvementScan = 1_000;
    /// <summary>Per-group results read from the campaign before keeping the persona's groups.</summary>
    public const int CampaignGroupScan = 5_000;
    private const string NoSuchCampaign = "No such campaign among your personas.";

    /// <summary>The newest campaigns reaching the persona, with how many tasks wait for this agent's confirmation.</summary>
    public async Task<IReadOnlyList<ConsoleCampaignRow>> ListCampaigns(string personaId)
    {
        await RequirePersonaAsync(personaId);
        var rows = (await CampaignList.ListAsync(personaId, MaxCampaignsListed)).Where(s => s.PersonaIds.Contains(personaId)).ToList();
        // Only unfinished campaigns can have a task to confirm: read those, not every row.
        var waiting = await Task.WhenAll(rows.Select(async s => ConsoleCampaigns.MayAwaitConfirmation(s)
            ? ConsoleCampaigns.ToConfirm((await Campaign(s.CampaignId).GetAsync())?.Tasks ?? [], personaId, Me.AgentId)
            : 0));
        return rows.Select((s, i) => new ConsoleCampaignRow(s.CampaignId, s.Name, s.State, s.CreatedAt, s.Counts, waiting[i])).ToList();
    }

    /// <summary>The campaign's counts and the persona's tasks only.</summary>
    public async Task<ConsoleCampaign> GetCampaign(string personaId, string campaignId) =>
        await ForConsoleAsync(await RequireCampaignAsync(personaId, campaignId), personaId);

    /// <summary>This agent confirms their task (or the persona's task without an agent): its held deliveries go out.</summary>
    public async Task<ConsoleCampaign> ConfirmCampaignTask(string personaId, string campaignId, string taskId)
    {
        var view = await RequireCampaignAsync(personaId, campaignId);
        RequireId(taskId, "task");
        if (!view.Tasks.Any(t => t.TaskId == taskId && t.PersonaId == personaId)) throw new HubException("No such task of this persona.");
        var confirmed = await CampaignRefused(() => Campaign(campaignId).ConfirmTaskAsync(taskId, Me.AgentId));
        logger.LogInformation("Agent {Tenant}/{Agent} confirmed task {Task} of campaign {Campaign}", Me.TenantId, Me.AgentId, taskId, campaignId);
        return await ForConsoleAsync(confirmed, personaId);
    }

    public Task<ConsoleCampaign> PauseCampaign(string personaId, string campaignId) => ControlAsync(personaId, campaignId, c => c.PauseAsync(Me.AgentId));

    public Task<ConsoleCampaign> ResumeCampaign(string personaId, string campaignId) => ControlAsync(personaId, campaignId, c => c.ResumeAsync(Me.AgentId));

    public Task<ConsoleCampaign> CancelCampaign(string personaId, string campaignId) => ControlAsync(personaId, campaignId, c => c.CancelAsync(Me.AgentId));

    /// <summary>Results of the campaign's posts into the persona's groups, by group.</summary>
    public async Task<IReadOnlyList<ConsoleCampaignGroup>> GetCampaignGroups(string personaId, string campaignId)
    {
        await RequireCampaignAsync(personaId, campaignId);
        var owned = (await grains.GetGrain<IPersonaGroupsGrain>(TenantKey.Compose(Me.TenantId, personaId)).GetAsync()).ToHashSet(StringComparer.Ordinal);
        var results = (await Campaign(campaignId).GetGroupResultsAsync(CampaignGroupScan)).Where(r => owned.Contains(r.GroupId)).Take(MaxGroupsListed).ToList();
        var names = await Task.WhenAll(results.Select(r => Group(r.GroupId).GetSummaryAsync()));
        return results.Select((r, i) => new ConsoleCampaignGroup(r.GroupId, names[i].Name, r.Status, r.Members, r.Read, r.Clicked, r.Converted, r.Revenue)).ToList();
    }

    private async Task<ConsoleCampaign> ControlAsync(string personaId, string campaignId, Func<ICampaignGrain, Task<CampaignView>> control)
    {
        var agent = await AgentGrain.GetAsync();
        if (!agent.Supervisor) throw new HubException("Only supervisors pause, resume or cancel a campaign.");
        await RequireCampaignAsync(personaId, campaignId);
        var view = await CampaignRefused(() => control(Campaign(campaignId)));
        logger.LogInformation("Supervisor {Tenant}/{Agent} set campaign {Campaign} to {State}", Me.TenantId, Me.AgentId, campaignId, view.State);
        return ConsoleCampaigns.For(view, personaId, Me.AgentId, supervisor: true);
    }

    private async Task<ConsoleCampaign> ForConsoleAsync(CampaignView view, string personaId) =>
        ConsoleCampaigns.For(view, personaId, Me.AgentId, (await AgentGrain.GetAsync()).Supervisor);

    private async Task<CampaignView> RequireCampaignAsync(string personaId, string campaignId)
    {
        await RequirePersonaAsync(personaId);
        RequireId(campaignId, "campaign");
        var view = await Campaign(campaignId).GetAsync();
        if (view is null || view.TenantId != Me.TenantId) throw new HubException(NoSuchCampaign);
        if (view.Tasks.Any(t => t.PersonaId == personaId)) return view;
        // Direct channels have no tasks: the list grain knows which personas a campaign reaches.
        var involving = await CampaignList.ListAsync(personaId, CampaignInvolvementScan);
        return involving.Any(s => s.CampaignId == campaignId && s.PersonaIds.Contains(personaId)) ? view : throw new HubException(NoSuchCampaign);
    }

    private static async Task<CampaignView> CampaignRefused(Func<Task<CampaignView>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is AccessDeniedException or InvalidOperationException or ArgumentException or KeyNotFoundException)
        {
            throw new HubException(ex.Message);
        }
    }

    private ICampaignGrain Campaign(string campaignId) => grains.GetGrain<ICampaignGrain>(TenantKey.Compose(Me.TenantId, campaignId));

    private ICampaignListGrain CampaignList => grains.GetGrain<ICampaignListGrain>(Me.TenantId);
}

/// <summary>A campaign row of the console's list; <see cref="ToConfirm"/> counts the open tasks waiting for this agent.</summary>
public sealed record ConsoleCampaignRow(string CampaignId, string Name, string State, DateTimeOffset CreatedAt, CampaignCounts Counts, int ToConfirm);

/// <summary>
/// A campaign as one persona's console sees it: campaign-wide counts, the message template, and the persona's tasks only
/// (each marked <c>mine</c> when this agent may confirm it). <see cref="CanControl"/>: the agent is a supervisor.
/// </summary>
public sealed record ConsoleCampaign(
    string CampaignId,
    string Name,
    string State,
    string Channel,
    string MessageKind,
    string Template,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ScheduledAt,
    DateTimeOffset? PlannedAt,
    CampaignCounts Counts,
    IReadOnlyList<ConsoleCampaignTask> Tasks,
    string? Detail,
    bool CanControl);

public sealed record ConsoleCampaignTask(string TaskId, string? AgentId, int Deliveries, string State, int RemindersSent, DateTimeOffset? ConfirmedAt, string? ConfirmedBy, bool Mine);

/// <summary>One of the persona's groups in a campaign, with its name.</summary>
public sealed record ConsoleCampaignGroup(string GroupId, string? Name, string Status, long Members, long Read, long Clicked, long Converted, decimal Revenue);

/// <summary>What of a campaign one persona's console is shown.</summary>
public static class ConsoleCampaigns
{
    public const string DefaultChannel = "wecom";

    public static ConsoleCampaign For(CampaignView view, string personaId, string agentId, bool supervisor) => new(
        view.CampaignId,
        view.Spec.Name,
        view.State,
        view.Spec.Channel ?? DefaultChannel,
        view.Spec.Message.Kind,
        view.Spec.Message.Template,
        view.CreatedAt,
        view.Spec.Schedule?.At,
        view.PlannedAt,
        view.Counts,
        view.Tasks.Where(t => t.PersonaId == personaId)
            .Select(t => new ConsoleCampaignTask(t.TaskId, t.AgentId, t.Deliveries, t.State, t.RemindersSent, t.ConfirmedAt, t.ConfirmedBy, IsMine(t, agentId)))
            .ToList(),
        view.Detail,
        supervisor);

    /// <summary>The agent's own task, or the persona's task that has no agent (any of its agents may confirm it).</summary>
    public static bool IsMine(CampaignTaskView task, string agentId) => task.AgentId is null || task.AgentId == agentId;

    /// <summary>Open tasks of the persona this agent may confirm.</summary>
    public static int ToConfirm(IEnumerable<CampaignTaskView> tasks, string personaId, string agentId) =>
        tasks.Count(t => t.PersonaId == personaId && t.State == CampaignTaskStates.Open && IsMine(t, agentId));

    /// <summary>Only a planned, unfinished campaign can have an open task (its row's counts may lag, so they are not asked).</summary>
    public static bool MayAwaitConfirmation(CampaignSummary summary) =>
        summary.State is not (CampaignStates.Scheduled or CampaignStates.Cancelled or CampaignStates.Completed);
}
