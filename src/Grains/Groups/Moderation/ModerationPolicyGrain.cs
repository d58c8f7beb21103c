using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Grains.Groups.Moderation;

/// <summary>A tenant's stored moderation policy: canonical JSON and its version (0 and no JSON: never set).</summary>
[GenerateSerializer, Alias("pd.ModerationPolicyState")]
public sealed record ModerationPolicyState
{
    [Id(0)] public int Version { get; set; }
    [Id(1)] public string? Json { get; set; }
    [Id(2)] public DateTimeOffset? UpdatedAt { get; set; }
}

/// <summary>
/// One tenant's moderation policy. The only writer of its state; after a change it refreshes this silo's
/// <see cref="ModerationPolicyCache"/> at once (other silos pick the change up within the cache's maximum age).
/// </summary>
public sealed class ModerationPolicyGrain(
    [PersistentState("moderationPolicy")] IPersistentState<ModerationPolicyState> state, ModerationPolicyCache cache, TimeProvider time)
    : Grain, IModerationPolicyGrain
{
    private ModerationPolicyState S => state.State;

    public Task<ModerationPolicyDocument> GetAsync() => Task.FromResult(Document());

    public async Task<ModerationPolicyResult> SetAsync(string json)
    {
        var validation = ModerationPolicyJson.Validate(json);
        if (validation.Policy is not { } policy)
            return new(Document(), ModerationPolicyResult.Invalid, "The moderation policy has problems.", validation.Problems);
        if (validation.ExpectedVersion is { } expected && expected != S.Version)
            return new(Document(), ModerationPolicyResult.StaleVersion, $"The policy is at version {S.Version}, not {expected}: read it again.", []);
        if (S.Json == ModerationPolicyJson.Write(policy, S.Version)) return new(Document(), null, null, []);
        S.Version++;
        S.Json = ModerationPolicyJson.Write(policy, S.Version);
        S.UpdatedAt = time.GetUtcNow();
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory is ahead of storage: reload on the next call.
            DeactivateOnIdle();
            throw;
        }
        cache.Put(this.GetPrimaryKeyString(), S.Version, policy);
        return new(Document(), null, null, []);
    }

    private ModerationPolicyDocument Document() => S.Json is { } json
        ? new(S.Version, json, S.UpdatedAt)
        : new(0, ModerationPolicyJson.Write(ModerationPolicy.Default, 0), null);
}
