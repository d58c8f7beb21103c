using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Grains;

namespace PrivateDomain.Grains.Cadence.Hosting;

/// <summary>
/// Every tenant's cadence policy for customer grains (see <see cref="TenantPolicyCache{TPolicy}"/>): deciding a touch
/// does not call another grain while the copy (at most 5 s old) is fresh.
/// </summary>
public sealed class CadencePolicyCache(IGrainFactory grains, ILogger<CadencePolicyCache> logger)
    : TenantPolicyCache<CadencePolicy>(logger, TimeSpan.FromSeconds(5))
{
    protected override string Name => "cadence";

    protected override CadencePolicy Default => CadencePolicy.Default;

    protected override async Task<(int Version, string Json)> ReadDocumentAsync(string tenantId)
    {
        var document = await grains.GetGrain<ICadencePolicyGrain>(tenantId).GetAsync();
        return (document.Version, document.Json);
    }

    protected override CadencePolicy? Parse(string json) => CadencePolicyJson.Validate(json).Policy;
}
