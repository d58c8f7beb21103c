using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Grains.Cadence.Hosting;

/// <summary>
/// The silo's view of every tenant's cadence policy, for customer grains: a tenant's policy grain is asked again at
/// most every <see cref="MaxAge"/>, so deciding a touch does not call another grain. The age is measured on the
/// monotonic clock, not the grains' <see cref="TimeProvider"/>, so a frozen or jumped test clock never pins it. A
/// change made through this silo's policy grain is seen at once.
/// </summary>
public sealed class CadencePolicyCache(IGrainFactory grains, ILogger<CadencePolicyCache> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private sealed record Entry(int Version, CadencePolicy Policy, long ReadAt);

    private readonly ConcurrentDictionary<string, Entry> _tenants = new(StringComparer.Ordinal);

    /// <summary>The tenant's policy; completes synchronously while the cached copy is fresh.</summary>
    public ValueTask<CadencePolicy> ForTenantAsync(string tenantId) =>
        _tenants.TryGetValue(tenantId, out var entry) && Stopwatch.GetElapsedTime(entry.ReadAt) < MaxAge
            ? ValueTask.FromResult(entry.Policy)
            : new ValueTask<CadencePolicy>(ReadAsync(tenantId));

    /// <summary>Records a policy version; an older version than the one held never replaces it.</summary>
    public void Put(string tenantId, int version, CadencePolicy policy)
    {
        var fresh = new Entry(version, policy, Stopwatch.GetTimestamp());
        _tenants.AddOrUpdate(tenantId, fresh, (_, held) => held.Version > version ? held : fresh);
    }

    private async Task<CadencePolicy> ReadAsync(string tenantId)
    {
        var document = await grains.GetGrain<ICadencePolicyGrain>(tenantId).GetAsync();
        _tenants.TryGetValue(tenantId, out var held);
        CadencePolicy policy;
        if (held is not null && held.Version == document.Version) policy = held.Policy;
        else if (document.Version == 0) policy = CadencePolicy.Default;
        else if (CadencePolicyJson.Validate(document.Json).Policy is { } parsed) policy = parsed;
        else
        {
            // Stored policies were validated when stored; one that no longer parses keeps the last good one in force.
            logger.LogWarning("Cadence policy v{Version} of tenant {TenantId} no longer parses; the last good policy stays in force", document.Version, tenantId);
            policy = held?.Policy ?? CadencePolicy.Default;
        }
        Put(tenantId, document.Version, policy);
        return policy;
    }
}
