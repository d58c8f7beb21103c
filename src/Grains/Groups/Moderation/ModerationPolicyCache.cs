using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Grains.Groups.Moderation;

/// <summary>
/// The silo's view of every tenant's moderation policy, for group grains: a tenant's policy grain is asked again at
/// most every <see cref="MaxAge"/>, so a chat message never waits on another grain while the copy is fresh and a
/// burst over thousands of groups costs the policy grain one read per silo per interval. The age runs on the monotonic
/// clock, not the grains' <see cref="TimeProvider"/>. A change made through this silo's policy grain is seen at once.
/// </summary>
public sealed class ModerationPolicyCache(IGrainFactory grains, ILogger<ModerationPolicyCache> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);

    private sealed record Entry(int Version, ModerationPolicy Policy, long ReadAt);

    private readonly ConcurrentDictionary<string, Entry> _tenants = new(StringComparer.Ordinal);

    /// <summary>The tenant's policy; completes synchronously while the cached copy is fresh.</summary>
    public ValueTask<ModerationPolicy> ForTenantAsync(string tenantId) =>
        _tenants.TryGetValue(tenantId, out var entry) && Stopwatch.GetElapsedTime(entry.ReadAt) < MaxAge
            ? ValueTask.FromResult(entry.Policy)
            : new ValueTask<ModerationPolicy>(ReadAsync(tenantId));

    /// <summary>Records a policy version; an older version than the one held never replaces it.</summary>
    public void Put(string tenantId, int version, ModerationPolicy policy)
    {
        var fresh = new Entry(version, policy, Stopwatch.GetTimestamp());
        _tenants.AddOrUpdate(tenantId, fresh, (_, held) => held.Version > version ? held : fresh);
    }

    private async Task<ModerationPolicy> ReadAsync(string tenantId)
    {
        _tenants.TryGetValue(tenantId, out var held);
        ModerationPolicyDocument document;
        try
        {
            document = await grains.GetGrain<IModerationPolicyGrain>(tenantId).GetAsync();
        }
        catch (Exception ex) when (held is not null)
        {
            // Moderation must not stop the group: the last policy read stays in force until the grain answers.
            logger.LogWarning(ex, "Reading the moderation policy of tenant {TenantId} failed; v{Version} stays in force", tenantId, held.Version);
            Put(tenantId, held.Version, held.Policy);
            return held.Policy;
        }
        ModerationPolicy policy;
        if (held is not null && held.Version == document.Version) policy = held.Policy;
        else if (document.Version == 0) policy = ModerationPolicy.Default;
        else if (ModerationPolicyJson.Validate(document.Json).Policy is { } parsed) policy = parsed;
        else
        {
            logger.LogWarning("Moderation policy v{Version} of tenant {TenantId} no longer parses; the last good policy stays in force", document.Version, tenantId);
            policy = held?.Policy ?? ModerationPolicy.Default;
        }
        Put(tenantId, document.Version, policy);
        return policy;
    }
}
