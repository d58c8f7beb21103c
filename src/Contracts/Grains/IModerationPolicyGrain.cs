namespace PrivateDomain.Contracts.Grains;

/// <summary>A tenant's group anti-harassment policy, keyed by tenant id; group grains read it through a per-silo cache.</summary>
[Alias("pd.IModerationPolicyGrain")]
public interface IModerationPolicyGrain : IGrainWithStringKey
{
    /// <summary>Returns the policy; the built-in default (version 0) when never set.</summary>
    [Alias("GetAsync")]
    Task<ModerationPolicyDocument> GetAsync();

    /// <summary>Validates and stores a policy document; refused (and nothing changed) when invalid or stale.</summary>
    [Alias("SetAsync")]
    Task<ModerationPolicyResult> SetAsync(string json);
}

/// <summary>A tenant's moderation policy as canonical JSON and its version (0: the built-in default, never set).</summary>
[GenerateSerializer, Immutable, Alias("pd.ModerationPolicyDocument")]
public sealed record ModerationPolicyDocument(
    [property: Id(0)] int Version,
    [property: Id(1)] string Json,
    [property: Id(2)] DateTimeOffset? UpdatedAt);

/// <summary>The answer to a policy change: the policy now in force, and why the change was refused (null: accepted).</summary>
[GenerateSerializer, Immutable, Alias("pd.ModerationPolicyResult")]
public sealed record ModerationPolicyResult(
    [property: Id(0)] ModerationPolicyDocument Policy,
    [property: Id(1)] string? Error,
    [property: Id(2)] string? Message,
    [property: Id(3)] IReadOnlyList<JourneyPathProblem> Problems)
{
    public const string Invalid = "invalid";
    public const string StaleVersion = "staleVersion";
}
