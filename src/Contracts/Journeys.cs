namespace PrivateDomain.Contracts;

/// <summary>Where a journey is in its life (numbered as the catalog numbers it).</summary>
public enum JourneyLifecycle
{
    /// <summary>Never published: nobody can enter.</summary>
    Draft = 0,
    /// <summary>New customers enter the current version.</summary>
    Active = 1,
    /// <summary>No new entries; customers inside keep running their version.</summary>
    Paused = 2,
    /// <summary>Final; versions stay readable.</summary>
    Archived = 3,
}

/// <summary>Why a journey command was refused. All but <see cref="NotFound"/> are the catalog rules' errors, by name.</summary>
public enum JourneyCommandError
{
    NotFound,
    Archived,
    NoDraft,
    DraftNotJson,
    WrongJourneyId,
    PublishedVersionImmutable,
    WrongVersion,
    InvalidDraft,
    NotActive,
    NotPaused,
}

/// <summary>One thing wrong with a definition, at a JSON path such as <c>steps[3].next</c> (<c>$</c> is the whole document).</summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyPathProblem")]
public sealed record JourneyPathProblem([property: Id(0)] string Path, [property: Id(1)] string Message);

/// <summary>A published version's number and when it was published.</summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyVersionInfo")]
public sealed record JourneyVersionInfo([property: Id(0)] int Version, [property: Id(1)] DateTimeOffset PublishedAt);

/// <summary>A published version's definition: canonical JSON that never changes.</summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyVersionDocument")]
public sealed record JourneyVersionDocument(
    [property: Id(0)] int Version,
    [property: Id(1)] DateTimeOffset PublishedAt,
    [property: Id(2)] string Json);

/// <summary>
/// One journey as the API shows it. <see cref="CurrentVersion"/> is the latest published version (null before the first
/// publish); customers enter it only while the journey is active.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyView")]
public sealed record JourneyView(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string JourneyId,
    [property: Id(2)] bool Exists,
    [property: Id(3)] JourneyLifecycle Status,
    [property: Id(4)] int? CurrentVersion,
    [property: Id(5)] IReadOnlyList<JourneyVersionInfo> Versions,
    [property: Id(6)] string? DraftJson,
    [property: Id(7)] IReadOnlyList<JourneyPathProblem> DraftProblems,
    [property: Id(8)] DateTimeOffset? UpdatedAt);

/// <summary>The journey after a command, or why the command was refused (the journey then is unchanged).</summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyCommandResult")]
public sealed record JourneyCommandResult(
    [property: Id(0)] JourneyView Journey,
    [property: Id(1)] JourneyCommandError? Error,
    [property: Id(2)] string? Message,
    [property: Id(3)] IReadOnlyList<JourneyPathProblem> Problems)
{
    public bool IsOk => Error is null;
}

/// <summary>A tenant's journey in the directory: enough to list journeys and to find those customers may enter.</summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyDirectoryEntry")]
public sealed record JourneyDirectoryEntry(
    [property: Id(0)] string JourneyId,
    [property: Id(1)] string? Name,
    [property: Id(2)] JourneyLifecycle Status,
    [property: Id(3)] int? CurrentVersion,
    [property: Id(4)] DateTimeOffset? UpdatedAt)
{
    /// <summary>The version new customers enter now, or null when nobody may enter.</summary>
    public int? EntryVersion => Status == JourneyLifecycle.Active ? CurrentVersion : null;
}

/// <summary>What one analytics delta counts (see <see cref="JourneyStatsDelta"/>).</summary>
public enum JourneyStatKind
{
    /// <summary>A customer entered the journey (version level; <see cref="JourneyStatsDelta.StepId"/> is the start step).</summary>
    JourneyEntered = 0,
    /// <summary>An instance entered a step (every visit counts).</summary>
    StepEntered = 1,
    /// <summary>Customers currently waiting at a wait step: +1 when a wait starts, −1 when the instance leaves it.</summary>
    Waiting = 2,
    /// <summary>An instance left the journey at the step, for <see cref="JourneyStatsDelta.Reason"/>.</summary>
    Exited = 3,
    /// <summary>The goal event converted an instance that was at the step.</summary>
    Converted = 4,
    /// <summary>The cadence ledger let a touch of the step through.</summary>
    CadenceSent = 5,
    /// <summary>The cadence ledger deferred a touch of the step, for a reason code.</summary>
    CadenceDeferred = 6,
    /// <summary>The cadence ledger dropped a touch of the step (past its maximum deferral), for a reason code.</summary>
    CadenceDropped = 7,
    /// <summary>The cadence ledger skipped a touch of the step (e.g. a cap that cannot free up in time), for a reason code.</summary>
    CadenceSkipped = 8,
}

/// <summary>
/// One counter change for a journey version's step. <see cref="Version"/> 0 means the version is no longer known: a
/// deferred touch decided after its instance had ended.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyStatsDelta")]
public sealed record JourneyStatsDelta(
    [property: Id(0)] int Version,
    [property: Id(1)] string StepId,
    [property: Id(2)] JourneyStatKind Kind,
    [property: Id(3)] string? Reason = null,
    [property: Id(4)] long Amount = 1);

/// <summary>
/// The counter changes one customer decision made to one journey. <see cref="Sequence"/> grows with every update the
/// customer emits (to any journey) and is persisted with the customer, so a replay after a crash re-emits the same
/// decisions with the same sequence numbers: the stats grain applies an update only when its sequence is above the
/// last it applied for that customer.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyStatsUpdate")]
public sealed record JourneyStatsUpdate(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] long Sequence,
    [property: Id(2)] IReadOnlyList<JourneyStatsDelta> Deltas);

/// <summary>One step's counters within one version.</summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyStepStats")]
public sealed record JourneyStepStats(
    [property: Id(0)] string StepId,
    [property: Id(1)] long Entered,
    [property: Id(2)] long Waiting,
    [property: Id(3)] long Converted,
    [property: Id(4)] Dictionary<string, long> Exited,
    [property: Id(5)] long Sent,
    [property: Id(6)] Dictionary<string, long> Deferred,
    [property: Id(7)] Dictionary<string, long> Dropped,
    [property: Id(8)] Dictionary<string, long> Skipped);

/// <summary>One version's totals and per-step counters (steps in first-counted order).</summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyVersionStats")]
public sealed record JourneyVersionStats(
    [property: Id(0)] int Version,
    [property: Id(1)] long Entered,
    [property: Id(2)] long Waiting,
    [property: Id(3)] long Converted,
    [property: Id(4)] Dictionary<string, long> Exited,
    [property: Id(5)] IReadOnlyList<JourneyStepStats> Steps);

/// <summary>A journey's analytics: counters per version and step since the journey's first customer.</summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyStatsView")]
public sealed record JourneyStatsView(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string JourneyId,
    [property: Id(2)] IReadOnlyList<JourneyVersionStats> Versions,
    [property: Id(3)] DateTimeOffset? UpdatedAt);
