namespace PrivateDomain.Contracts;

/// <summary>
/// A tenant's cadence policy as canonical JSON (docs/cadence.md). <see cref="Version"/> counts the changes: 0 is the
/// built-in default, never set.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.CadencePolicyDocument")]
public sealed record CadencePolicyDocument(
    [property: Id(0)] int Version,
    [property: Id(1)] string Json,
    [property: Id(2)] DateTimeOffset? UpdatedAt);

/// <summary>Why a policy change was refused; the policy is then unchanged.</summary>
public enum CadencePolicyError
{
    /// <summary>The document has problems, each named by JSON path.</summary>
    Invalid,
    /// <summary>The document's <c>version</c> is not the current one: someone changed the policy in between.</summary>
    StaleVersion,
}

/// <summary>The policy after a change, or why the change was refused.</summary>
[GenerateSerializer, Immutable, Alias("pd.CadencePolicyResult")]
public sealed record CadencePolicyResult(
    [property: Id(0)] CadencePolicyDocument Policy,
    [property: Id(1)] CadencePolicyError? Error,
    [property: Id(2)] string? Message,
    [property: Id(3)] IReadOnlyList<JourneyPathProblem> Problems)
{
    public bool IsOk => Error is null;
}
