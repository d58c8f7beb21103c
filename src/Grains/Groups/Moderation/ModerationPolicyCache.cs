using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Grains;

namespace PrivateDomain.Grains.Groups.Moderation;

/// <summary>
/// Every tenant's moderation policy for group grains (see <see cref="TenantPolicyCache{TPolicy}"/>): a chat message never
/// waits on another grain while the copy is fresh, and a burst over thousands of groups costs the policy grain one read
/// per silo per 2 s. Moderation must not stop a group: a failed read keeps the last policy in force.
/// </summary>
public sealed class ModerationPolicyCache(IGrainFactory grains, ILogger<ModerationPolicyCache> logger)
    : TenantPolicyCache<ModerationPolicy>(logger, TimeSpan.FromSeconds(2))
{
    protected override string Name => "moderation";

    protected override ModerationPolicy Default => ModerationPolicy.Default;

    protected override async Task<(int Version, string Json)> ReadDocumentAsync(string tenantId)
    {
        var document = await grains.GetGrain<IModerationPolicyGrain>(tenantId).GetAsync();
        return (document.Version, document.Json);
    }

    protected override ModerationPolicy? Parse(string json) => ModerationPolicyJson.Validate(json).Policy;
}
