using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace PrivateDomain.Grains.Grains;

/// <summary>
/// The silo's view of every tenant's versioned policy (cadence, moderation, …) kept by a tenant policy grain: the grain
/// is asked again at most every <see cref="MaxAge"/>, so the grains deciding by it do not call another grain while the
/// copy is fresh. The age runs on the monotonic clock, not the grains' <see cref="TimeProvider"/>, so a frozen or jumped
/// test clock never pins it. A change made through this silo's policy grain is seen at once (<see cref="Put"/>). Version 0
/// is the built-in default; a stored policy that no longer parses, or a failed read, keeps the last good one in force.
/// </summary>
public abstract class TenantPolicyCache<TPolicy>(ILogger logger, TimeSpan maxAge) where TPolicy : class
{
    private sealed record Entry(int Version, TPolicy Policy, long ReadAt);

    private readonly ConcurrentDictionary<string, Entry> _tenants = new(StringComparer.Ordinal);

    public TimeSpan MaxAge { get; } = maxAge;

    /// <summary>The policy's name in log lines.</summary>
    protected abstract string Name { get; }

    protected abstract TPolicy Default { get; }

    /// <summary>The tenant's stored policy: its version and JSON.</summary>
    protected abstract Task<(int Version, string Json)> ReadDocumentAsync(string tenantId);

    /// <summary>The policy a stored JSON describes, or null when it no longer validates.</summary>
    protected abstract TPolicy? Parse(string json);

    /// <summary>The tenant's policy; completes synchronously while the cached copy is fresh.</summary>
    public ValueTask<TPolicy> ForTenantAsync(string tenantId) =>
        _tenants.TryGetValue(tenantId, out var entry) && Stopwatch.GetElapsedTime(entry.ReadAt) < MaxAge
            ? ValueTask.FromResult(entry.Policy)
            : new ValueTask<TPolicy>(ReadAsync(tenantId));

    /// <summary>Records a policy version; an older version than the one held never replaces it.</summary>
    public void Put(string tenantId, int version, TPolicy policy)
    {
        var fresh = new Entry(version, policy, Stopwatch.GetTimestamp());
        _tenants.AddOrUpdate(tenantId, fresh, (_, held) => held.Version > version ? held : fresh);
    }

    private async Task<TPolicy> ReadAsync(string tenantId)
    {
        _tenants.TryGetValue(tenantId, out var held);
        (int Version, string Json) document;
        try
        {
            document = await ReadDocumentAsync(tenantId);
        }
        catch (Exception ex) when (held is not null)
        {
            logger.LogWarning(ex, "Reading the {Policy} policy of tenant {TenantId} failed; v{Version} stays in force", Name, tenantId, held.Version);
            Put(tenantId, held.Version, held.Policy);
            return held.Policy;
        }
        TPolicy policy;
        if (held is not null && held.Version == document.Version) policy = held.Policy;
        else if (document.Version == 0) policy = Default;
        else if (Parse(document.Json) is { } parsed) policy = parsed;
        else
        {
            // Stored policies were validated when stored; one that no longer parses keeps the last good one in force.
            logger.LogWarning("{Policy} policy v{Version} of tenant {TenantId} no longer parses; the last good policy stays in force", Name, document.Version, tenantId);
            policy = held?.Policy ?? Default;
        }
        Put(tenantId, document.Version, policy);
        return policy;
    }
}
