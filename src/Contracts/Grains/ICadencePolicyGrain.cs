namespace PrivateDomain.Contracts.Grains;

/// <summary>A tenant's cadence (contact-pressure) policy, keyed by tenant id; customer grains read it through a per-silo cache.</summary>
[Alias("pd.ICadencePolicyGrain")]
public interface ICadencePolicyGrain : IGrainWithStringKey
{
    /// <summary>Returns the policy; the built-in default (version 0) when never set.</summary>
    [Alias("GetAsync")]
    Task<CadencePolicyDocument> GetAsync();

    /// <summary>Validates and stores a policy document; refused (and nothing changed) when invalid or stale.</summary>
    [Alias("SetAsync")]
    Task<CadencePolicyResult> SetAsync(string json);
}
