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
