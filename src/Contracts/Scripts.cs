namespace PrivateDomain.Contracts;

/// <summary>
/// One script (话术) of a persona's library: reply text with <c>{{variables}}</c>, optionally an image, a link or a
/// material. <see cref="Version"/> counts this script's edits (1 when created), for optimistic concurrency.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.Script")]
public sealed record Script(
    [property: Id(0)] string ScriptId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Category,
    [property: Id(3)] string Text,
    [property: Id(4)] string? ImageUrl,
    [property: Id(5)] string? LinkUrl,
    [property: Id(6)] string? LinkTitle,
    [property: Id(7)] string? MaterialId,
    [property: Id(8)] long Version,
    [property: Id(9)] string UpdatedBy,
    [property: Id(10)] DateTimeOffset UpdatedAt,
    [property: Id(11)] int Uses = 0,
    [property: Id(12)] DateTimeOffset? LastUsedAt = null);

/// <summary>What an editor sends for a script; the library adds the id, version and who edited it.</summary>
[GenerateSerializer, Immutable, Alias("pd.ScriptDraft")]
public sealed record ScriptDraft(
    [property: Id(0)] string? Name,
    [property: Id(1)] string? Category,
    [property: Id(2)] string? Text,
    [property: Id(3)] string? ImageUrl = null,
    [property: Id(4)] string? LinkUrl = null,
    [property: Id(5)] string? LinkTitle = null,
    [property: Id(6)] string? MaterialId = null);

/// <summary>A persona's script library; <see cref="Version"/> grows with every change to any script.</summary>
[GenerateSerializer, Immutable, Alias("pd.ScriptLibraryView")]
public sealed record ScriptLibraryView(
    [property: Id(0)] string PersonaId,
    [property: Id(1)] IReadOnlyList<Script> Scripts,
    [property: Id(2)] long Version);

/// <summary>Why a script change was refused.</summary>
public enum ScriptChangeError
{
    None = 0,
    Invalid = 1,
    Conflict = 2,
    NotFound = 3,
}

/// <summary>A problem with one field of a request, named as the JSON field (e.g. <c>linkUrl</c>).</summary>
[GenerateSerializer, Immutable, Alias("pd.FieldProblem")]
public sealed record FieldProblem([property: Id(0)] string Field, [property: Id(1)] string Message);

/// <summary>
/// The outcome of saving or deleting a script: the script as stored (null after a delete), or the error with its
/// problems (Invalid) and the script's current version (Conflict: 0 when it does not exist).
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.ScriptChangeResult")]
public sealed record ScriptChangeResult(
    [property: Id(0)] ScriptChangeError Error,
    [property: Id(1)] Script? Script,
    [property: Id(2)] IReadOnlyList<FieldProblem> Problems,
    [property: Id(3)] long CurrentVersion)
{
    public bool Ok => Error == ScriptChangeError.None;
}

/// <summary>The kinds of a rich reply; the same names as the journeys' message kinds and the outbox row's kind.</summary>
public static class ReplyKinds
{
    public const string Text = "text";
    public const string Image = "image";
    public const string Link = "link";
    public const string Material = "material";
}

/// <summary>
/// A reply an agent sends as the persona: text, an image (<see cref="MediaUrl"/>), a link (<see cref="Url"/> and
/// <see cref="Title"/>) or a material (<see cref="MaterialId"/>, optionally with its link). <see cref="ScriptId"/>
/// names the script it came from, if any.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.ReplyContent")]
public sealed record ReplyContent(
    [property: Id(0)] string Kind,
    [property: Id(1)] string? Text = null,
    [property: Id(2)] string? MediaUrl = null,
    [property: Id(3)] string? Url = null,
    [property: Id(4)] string? Title = null,
    [property: Id(5)] string? MaterialId = null,
    [property: Id(6)] string? ScriptId = null);

/// <summary>A script with its variables filled for one customer, ready to go into the reply box.</summary>
[GenerateSerializer, Immutable, Alias("pd.RenderedScript")]
public sealed record RenderedScript(
    [property: Id(0)] string ScriptId,
    [property: Id(1)] string Text,
    [property: Id(2)] string? ImageUrl,
    [property: Id(3)] string? LinkUrl,
    [property: Id(4)] string? LinkTitle,
    [property: Id(5)] string? MaterialId);

/// <summary>The final delivery state of a persona's reply, reported by the outbox sender.</summary>
[GenerateSerializer, Immutable, Alias("pd.DeliveryReport")]
public sealed record DeliveryReport(
    [property: Id(0)] string DeliveryId,
    [property: Id(1)] string? CustomerId,
    [property: Id(2)] string? AgentId,
    [property: Id(3)] string Status,
    [property: Id(4)] string? Error,
    [property: Id(5)] DateTimeOffset At);
