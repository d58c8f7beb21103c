using System.Collections.Immutable;

namespace PrivateDomain.Grains.Journeys.Runtime;

/// <summary>
/// Every journey one customer is in, plus what re-entry and idempotency need. Kept small on purpose (a waiting
/// customer is stored millions of times): definitions are looked up by pinned version rather than copied, event
/// data is projected down to the paths the definition reads, and processed command ids are 64-bit hashes.
/// Changed only by <see cref="JourneyDecider.Evolve"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.CustomerJourneysState")]
public sealed record CustomerJourneysState
{
    public const int MaxProcessedCommands = 32;

    public static readonly CustomerJourneysState Empty = new();

    [Id(0)] public ImmutableArray<JourneyInstance> Instances { get; init; } = [];
    [Id(1)] public ImmutableArray<JourneyHistory> History { get; init; } = [];
    /// <summary>Hashes of the newest processed command ids, oldest first (see <see cref="JourneyHash"/>).</summary>
    [Id(2)] public ImmutableArray<ulong> ProcessedCommands { get; init; } = [];
    /// <summary>One mark per enterable date, schedule or segment journey, in journey id order (see <see cref="JourneyTriggers"/>).</summary>
    [Id(3)] public ImmutableArray<TriggerMark> Triggers { get; init; } = [];

    /// <summary>
    /// The earliest moment a wait ends or a trigger occurs: what the grain's wake-up is set for.
    /// </summary>
    public DateTimeOffset? NextDueAt
    {
        get
        {
            DateTimeOffset? next = null;
            foreach (var i in Instances.Where(i => i.DueAt is not null))
                if (next is null || i.DueAt < next) next = i.DueAt;
            foreach (var t in Triggers.Where(t => t.NextAt is not null))
                if (next is null || t.NextAt < next) next = t.NextAt;
            return next;
        }
    }

    public TriggerMark? Trigger(string journeyId) => Triggers.FirstOrDefault(t => t.JourneyId == journeyId);

    public JourneyHistory? HistoryOf(string journeyId) => History.FirstOrDefault(h => h.JourneyId == journeyId);

    public JourneyInstance? Instance(string instanceId) => Instances.FirstOrDefault(i => i.InstanceId == instanceId);

    public bool HasProcessed(string commandId) => ProcessedCommands.Contains(JourneyHash.Of(commandId));
}

/// <summary>
/// One customer inside one journey, pinned to the version it entered. <see cref="Seq"/> counts the steps entered
/// so far and makes effect ids unique even when a loop revisits a step.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyInstance")]
public sealed record JourneyInstance
{
    [Id(0)] public required string InstanceId { get; init; }
    [Id(1)] public required string JourneyId { get; init; }
    [Id(2)] public int Version { get; init; }
    [Id(3)] public required string StepId { get; init; }
    [Id(4)] public DateTimeOffset EnteredAt { get; init; }
    [Id(5)] public int Seq { get; init; }
    /// <summary>When the current wait ends (its timeout, for a wait for an event); null while not waiting.</summary>
    [Id(6)] public DateTimeOffset? DueAt { get; init; }
    /// <summary>The event type the current wait listens for (filters come from the pinned definition).</summary>
    [Id(7)] public string? AwaitsEvent { get; init; }
    [Id(8)] public string? Variant { get; init; }
    /// <summary>The entering event's data, projected to the paths the definition reads (<see cref="EventView"/>).</summary>
    [Id(9)] public string? EntryData { get; init; }
    /// <summary>The last awaited event's data, projected likewise.</summary>
    [Id(10)] public string? AwaitedData { get; init; }
}

/// <summary>Per-journey bookkeeping that outlives instances, for re-entry rules and the customer 360.</summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyHistory")]
public sealed record JourneyHistory(
    [property: Id(0)] string JourneyId,
    [property: Id(1)] int Entries,
    [property: Id(2)] DateTimeOffset LastEnteredAt,
    [property: Id(3)] DateTimeOffset? LastExitedAt);

/// <summary>
/// How far one time-fired entry trigger has been evaluated: every occurrence up to <see cref="Through"/> is settled
/// (fired or passed), <see cref="NextAt"/> is the next one as of then, <see cref="InSegment"/> the membership seen
/// then (segment triggers). A new version starts a new mark, so its earlier occurrences never fire.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyTriggerMark")]
public sealed record TriggerMark(
    [property: Id(0)] string JourneyId,
    [property: Id(1)] int Version,
    [property: Id(2)] DateTimeOffset Through,
    [property: Id(3)] DateTimeOffset? NextAt,
    [property: Id(4)] bool InSegment = false);
