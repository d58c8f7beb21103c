using System.Text.Json.Serialization;
using PrivateDomain.Contracts;
using PrivateDomain.Grains.Cadence;
using PrivateDomain.Grains.Journeys.Runtime;

namespace PrivateDomain.Grains.State;

/// <summary>The persisted facts of one customer.</summary>
[GenerateSerializer, Alias("pd.CustomerState")]
public sealed record CustomerState : IEventStreamState
{
    [Id(0)] public long AppliedSequence { get; set; }
    [Id(1)] public List<GrainEffect> PendingEffects { get; init; } = [];
    [Id(2)] public bool Known { get; set; }
    [Id(3)] public Dictionary<string, string> Identities { get; init; } = new(StringComparer.Ordinal);
    [Id(4)] public List<string> Tags { get; init; } = [];
    [Id(5)] public Dictionary<string, string> Properties { get; init; } = new(StringComparer.Ordinal);
    [Id(6)] public string? OwnerPersonaId { get; set; }
    [Id(7)] public string? OwnerAgentId { get; set; }
    [Id(8)] public string? SourceChannel { get; set; }
    [Id(9)] public string? ReferredBy { get; set; }
    [Id(10)] public DateTimeOffset? AddedAt { get; set; }
    [Id(11)] public DateTimeOffset? RemovedAt { get; set; }
    [Id(12)] public DateTimeOffset? LastActiveAt { get; set; }
    [Id(13)] public int PurchaseCount { get; set; }
    [Id(14)] public decimal PurchaseTotal { get; set; }
    [Id(15)] public DateTimeOffset? LastPurchaseAt { get; set; }
    [Id(16)] public List<string> RecentOrderIds { get; init; } = [];
    /// <summary>The newest entries, oldest first. Stored packed through <see cref="StoredTimelineField"/>.</summary>
    [field: NonSerialized]
    public List<TimelineEntry> Timeline { get; init; } = [];
    /// <summary>Where states written before the packed timeline kept it: read into <see cref="Timeline"/>, written empty.</summary>
    [Id(17), JsonIgnore]
    public List<TimelineEntry>? LegacyTimeline
    {
        get => null;
        set { if (value is { Count: > 0 } && Timeline.Count == 0) Timeline.AddRange(value); }
    }
    [Id(25), JsonIgnore]
    public StoredTimeline StoredTimelineField
    {
        get => new(Timeline);
        set
        {
            if (ReferenceEquals(value.Entries, Timeline)) return;
            Timeline.Clear();
            Timeline.AddRange(value.Entries);
        }
    }
    /// <summary>The journeys the customer is in (changed only through the journey decider).</summary>
    [Id(18)] public CustomerJourneysState Journeys { get; set; } = CustomerJourneysState.Empty;
    /// <summary>The contact-pressure ledger every outbound touch goes through.</summary>
    [Id(19)] public CadenceLedgerState Cadence { get; init; } = new();
    /// <summary>Messages the ledger deferred, by touch id, until it lets them go (or drops them).</summary>
    [Id(20)] public Dictionary<string, SendMessageEffect> DeferredMessages { get; init; } = new(StringComparer.Ordinal);
    /// <summary>The due instant last written to the wake-up index (null: no entry), so unchanged waits cost no write.</summary>
    [Id(21)] public DateTimeOffset? ScheduledWakeUpAt { get; set; }
    /// <summary>The last journey-stats update number emitted (see <c>JourneyStatsUpdate.Sequence</c>): replays renumber alike.</summary>
    [Id(22)] public long JourneyStatsSequence { get; set; }
    /// <summary>Messages of touch requests (campaigns, group SOPs, mass-sends) the ledger deferred, by touch id.</summary>
    [Id(23)] public Dictionary<string, TouchMessage> DeferredTouchMessages { get; init; } = new(StringComparer.Ordinal);
    /// <summary>The marker of the directory fields last upserted to the customer directory (0: none), so an unchanged customer costs no write.</summary>
    [Id(24)] public long DirectoryMarker { get; set; }

    /// <summary>When this customer next needs a wake-up: the earliest journey wait or deferred touch.</summary>
    public DateTimeOffset? NextDueAt => (Journeys.NextDueAt, Cadence.NextDueAt) switch
    {
        ({ } a, { } b) => a < b ? a : b,
        (var a, var b) => a ?? b,
    };
}
