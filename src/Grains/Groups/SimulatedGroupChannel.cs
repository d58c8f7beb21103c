using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace PrivateDomain.Grains.Groups;

/// <summary>
/// Stands in for WeCom's group API: "opens" a group with an id derived from the request id (so a repeat returns the
/// same group) and remembers what it opened, so tests and demos see exactly what would have been created.
/// </summary>
public sealed class SimulatedGroupChannel(ILogger<SimulatedGroupChannel> logger) : IGroupChannel
{
    private readonly ConcurrentDictionary<string, OpenedGroup> _opened = new(StringComparer.Ordinal);

    public IReadOnlyCollection<OpenedGroup> Opened => _opened.Values.ToList();

    public Task<OpenedGroup> OpenGroupAsync(GroupOpenRequest request, CancellationToken cancellationToken)
    {
        var opened = _opened.GetOrAdd($"{request.TenantId}/{request.RequestId}", key =>
        {
            var id = "wc-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
            logger.LogInformation("Simulated WeCom group {GroupId} opened for pool {PoolId} of tenant {TenantId}", id, request.PoolId, request.TenantId);
            return new OpenedGroup(id, $"https://wecom.simulated/join/{id}");
        });
        return Task.FromResult(opened);
    }
}
