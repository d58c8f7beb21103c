namespace PrivateDomain.Contracts.Grains;

/// <summary>
/// One campaign (群发), keyed "{tenantId}/{campaignId}": plans its audience into the outbox (quota reserved at planning),
/// holds confirm-first deliveries under per-agent tasks, and is paused, resumed or cancelled. Planning resumes after
/// any process kill (woken by the wake-up index) and never places a delivery twice.
/// </summary>
[Alias("pd.ICampaignGrain")]
public interface ICampaignGrain : IWakeUpTarget
{
    /// <summary>Creates the campaign (idempotent for the same spec; <see cref="InvalidOperationException"/> for a different one).</summary>
    [Alias("CreateAsync")]
    Task<CampaignView> CreateAsync(CampaignSpec spec, string createdBy);

    /// <summary>The campaign with live counts; null when it does not exist.</summary>
    [Alias("GetAsync")]
    Task<CampaignView?> GetAsync();

    [Alias("PauseAsync")]
    Task<CampaignView> PauseAsync(string by);

    [Alias("ResumeAsync")]
    Task<CampaignView> ResumeAsync(string by);

    [Alias("CancelAsync")]
    Task<CampaignView> CancelAsync(string by);

    /// <summary>An owning agent confirms their task: its held deliveries go out (idempotent).</summary>
    [Alias("ConfirmTaskAsync")]
    Task<CampaignView> ConfirmTaskAsync(string taskId, string agentId);

    /// <summary>Per-group results.</summary>
    [Alias("GetGroupResultsAsync")]
    Task<IReadOnlyList<CampaignGroupResult>> GetGroupResultsAsync(int limit);
}
