using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Grains.Cadence.Hosting;

/// <summary>
/// One tenant's cadence policy. The only writer of its state; after a change it refreshes this silo's
/// <see cref="CadencePolicyCache"/> at once (other silos pick the change up within the cache's maximum age).
/// </summary>
public sealed class CadencePolicyGrain(
    [PersistentState("cadencePolicy")] IPersistentState<CadencePolicyState> state, CadencePolicyCache cache, TimeProvider time)
    : Grain, ICadencePolicyGrain
{
    private CadencePolicyState S => state.State;

    public Task<CadencePolicyDocument> GetAsync() => Task.FromResult(Document());

    public async Task<CadencePolicyResult> SetAsync(string json)
    {
        var validation = CadencePolicyJson.Validate(json);
        if (validation.Policy is not { } policy)
            return Refused(CadencePolicyError.Invalid, "The cadence policy has problems.",
                validation.Problems.Select(p => new JourneyPathProblem(p.Path, p.Message)).ToList());
        if (validation.ExpectedVersion is { } expected && expected != S.Version)
            return Refused(CadencePolicyError.StaleVersion, $"The policy is at version {S.Version}, not {expected}: read it again.", []);
        // Storing the same policy again is not a change: the version stays.
        if (S.Json == CadencePolicyJson.Write(policy, S.Version)) return new(Document(), null, null, []);
        S.Version++;
        S.Json = CadencePolicyJson.Write(policy, S.Version);
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

    private CadencePolicyDocument Document() => S.Json is { } json
        ? new(S.Version, json, S.UpdatedAt)
        : new(0, CadencePolicyJson.Write(CadencePolicy.Default, 0), null);

    private CadencePolicyResult Refused(CadencePolicyError error, string message, IReadOnlyList<JourneyPathProblem> problems) =>
        new(Document(), error, message, problems);
}
