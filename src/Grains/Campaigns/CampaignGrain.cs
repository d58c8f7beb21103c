using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Cadence.Hosting;
using PrivateDomain.Grains.Journeys.Hosting;
using PrivateDomain.Storage;

namespace PrivateDomain.Grains.Campaigns;

/// <summary>
/// One campaign, keyed "{tenant}/{campaignId}". Planning runs in the background on the grain's scheduler (it
/// interleaves with calls only at its awaits), persisting its cursor after every chunk; a "resume" wake-up a minute
/// ahead, moved on with every chunk, brings it back after a silo death. Tasks are reconciled by a "tasks" wake-up at
/// the next reminder or deadline; a "start" wake-up begins a scheduled campaign. Progress goes to the involved
/// personas' feeds from a timer while the campaign plans or sends.
/// </summary>
[GrainType(Kind)]
public sealed partial class CampaignGrain(
    [PersistentState("campaign")] IPersistentState<CampaignState> state,
    ICampaignStore store,
    ICustomerDirectory directory,
    IWakeUpIndex wakeUps,
    CadencePolicyCache cadence,
    DisplayNameCache names,
    IOptions<CampaignOptions> options,
    TimeProvider time,
    ILogger<CampaignGrain> logger)
    : Grain, ICampaignGrain
{
    public const string Kind = "campaign";
    private const string StartKey = "start";
    private const string ResumeKey = "resume";
    private const string TasksKey = "tasks";
    private static readonly TimeSpan ResumeAfter = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private string _tenantId = "";
    private string _campaignId = "";
    private IGrainTimer? _progressTimer;

    private CampaignState S => state.State;
    private CampaignOptions O => options.Value;
    private string Name => S.Spec?.Name ?? _campaignId;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenantId, _campaignId) = TenantKey.Parse(this.GetPrimaryKeyString());
        if (S.State is CampaignStates.Planning or CampaignStates.Sending) StartProgress();
        if (S.State == CampaignStates.Planning) RunPlanning();
        return Task.CompletedTask;
    }

    public async Task<CampaignView> CreateAsync(CampaignSpec spec, string createdBy)
    {
        if (S.Spec is not null)
        {
            return JsonSerializer.Serialize(S.Spec) == JsonSerializer.Serialize(spec)
                ? await ViewAsync()
                : throw new InvalidOperationException($"Campaign {_campaignId} exists with a different spec.");
        }
        CampaignValidation.Validate(spec, O);
        var now = time.GetUtcNow();
        S.Spec = spec;
        S.CreatedBy = createdBy;
        S.CreatedAt = now;
        if (spec.Schedule?.At is { } at && at > now)
        {
            S.State = CampaignStates.Scheduled;
            await wakeUps.ScheduleAsync([WakeUp(StartKey, at)]);
        }
        else
        {
            await BeginPlanningAsync(now);
        }
        await WriteAsync();
        logger.LogInformation("Campaign {Tenant}/{Campaign} created by {By}: {State}", _tenantId, _campaignId, createdBy, S.State);
        var view = await ViewAsync();
        await PutSummaryAsync(view.Counts);
        if (S.State == CampaignStates.Planning) RunPlanning();
        return view;
    }

    public async Task WakeAsync(string key, DateTimeOffset dueAt)
    {
        var now = time.GetUtcNow();
        if (S.State == CampaignStates.Scheduled && S.Spec?.Schedule?.At is { } at && now >= at)
        {
            await BeginPlanningAsync(now);
            await WriteAsync();
            RunPlanning();
            return;
        }
        if (S.State == CampaignStates.Planning) RunPlanning();
        await ReconcileTasksAsync();
        if (S.State == CampaignStates.Sending) await CheckProgressAsync();
    }

    public async Task<CampaignView?> GetAsync()
    {
        if (S.Spec is null) return null;
        if (S.State == CampaignStates.Sending) await CheckProgressAsync();
        return await ViewAsync();
    }

    public async Task<IReadOnlyList<CampaignGroupResult>> GetGroupResultsAsync(int limit) =>
        S.Spec is null ? [] : await store.GroupResultsAsync(_tenantId, _campaignId, Math.Clamp(limit, 1, 10_000));

    private async Task BeginPlanningAsync(DateTimeOffset now)
    {
        S.State = CampaignStates.Planning;
        S.PlanningFrom = now;
        await wakeUps.ScheduleAsync([WakeUp(ResumeKey, now + ResumeAfter)]);
        StartProgress();
    }

    private async Task<CampaignView> ViewAsync()
    {
        var spec = S.Spec ?? throw new KeyNotFoundException($"No campaign {_campaignId}.");
        var counts = await CountsAsync();
        return new CampaignView(_tenantId, _campaignId, spec, S.State, S.CreatedAt, S.PlannedAt, counts,
            S.Tasks.Select(t => CampaignTasks.View(t.Key, t.Value)).ToList(), Detail());
    }

    private async Task<CampaignCounts> CountsAsync() =>
        (await store.CountsAsync(_tenantId, _campaignId)) with { SkippedDuplicate = S.SkippedDuplicate };

    private string? Detail()
    {
        var parts = new List<string>();
        if (S.GroupsRefused.Count > 0)
            parts.Add("groups refused: " + string.Join(", ", S.GroupsRefused.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}")));
        if (S.Unreachable > 0) parts.Add($"{S.Unreachable} customers without an owning persona");
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    private async Task WriteAsync()
    {
        // Planning writes from its background loop while calls write too: one write at a time keeps the ETag in step.
        await _writeGate.WaitAsync();
        try
        {
            await state.WriteStateAsync();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private Task PutSummaryAsync(CampaignCounts counts) =>
        GrainFactory.GetGrain<ICampaignListGrain>(_tenantId)
            .PutAsync(new CampaignSummary(_campaignId, Name, S.State, S.CreatedAt, S.PersonaIds.ToList(), counts));

    private WakeUp WakeUp(string key, DateTimeOffset at) => new(_tenantId, Kind, _campaignId, key, at);

    private WakeUpKey WakeUpKeyOf(string key) => new(_tenantId, Kind, _campaignId, key);
}
