using PrivateDomain.Contracts;

namespace PrivateDomain.Grains.Campaigns;

/// <summary>A campaign's persisted state: its spec, where planning stands (the cursor), its tasks and what it skipped.</summary>
[GenerateSerializer, Alias("pd.CampaignState")]
public sealed class CampaignState
{
    [Id(0)] public CampaignSpec? Spec { get; set; }
    [Id(1)] public string CreatedBy { get; set; } = "";
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public string State { get; set; } = CampaignStates.Scheduled;
    /// <summary>The instant planning began; every chunk is planned as of it, so a resumed run plans the same rows.</summary>
    [Id(4)] public DateTimeOffset? PlanningFrom { get; set; }
    [Id(5)] public DateTimeOffset? PlannedAt { get; set; }
    /// <summary>The groups the audience resolved to (sorted), fixed when planning began.</summary>
    [Id(6)] public List<string>? GroupIds { get; set; }
    /// <summary>Groups asked and placed so far (an index into <see cref="GroupIds"/>).</summary>
    [Id(7)] public int GroupCursor { get; set; }
    /// <summary>The last directory customer id planned.</summary>
    [Id(8)] public string? CustomerCursor { get; set; }
    [Id(9)] public bool CustomersDone { get; set; }
    [Id(10)] public long SkippedDuplicate { get; set; }
    [Id(11)] public long Unreachable { get; set; }
    /// <summary>Groups that refused a post, by reason (cap_reached, no_owner, no_members).</summary>
    [Id(12)] public Dictionary<string, int> GroupsRefused { get; set; } = new(StringComparer.Ordinal);
    [Id(13)] public SortedSet<string> PersonaIds { get; set; } = new(StringComparer.Ordinal);
    [Id(14)] public Dictionary<string, CampaignTaskState> Tasks { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Paused while planning: planning waits for resume.</summary>
    [Id(15)] public string? StateBeforePause { get; set; }
    [Id(16)] public long ProgressSequence { get; set; }
}

/// <summary>One confirm task: whose it is, how many deliveries it holds, and its reminders and deadline.</summary>
[GenerateSerializer, Alias("pd.CampaignTaskState")]
public sealed class CampaignTaskState
{
    [Id(0)] public string PersonaId { get; set; } = "";
    [Id(1)] public string? AgentId { get; set; }
    [Id(2)] public int Deliveries { get; set; }
    [Id(3)] public string State { get; set; } = CampaignTaskStates.Open;
    /// <summary>When the agent was told (planning finished); null while planning.</summary>
    [Id(4)] public DateTimeOffset? NotifiedAt { get; set; }
    [Id(5)] public int RemindersSent { get; set; }
    [Id(6)] public DateTimeOffset? ConfirmedAt { get; set; }
    [Id(7)] public string? ConfirmedBy { get; set; }
}
