using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace PrivateDomain.Gateway.Auth;

/// <summary>Checks tenant API keys in constant time. Keys live only as SHA-256 digests in memory.</summary>
public sealed class TenantKeys
{
    private readonly ConcurrentDictionary<string, byte[]> _digests = new(StringComparer.Ordinal);

    public TenantKeys(IOptions<TenantOptions> options)
    {
        foreach (var (tenant, config) in options.Value.Tenants)
        {
            if (config.IngestKey.Length > 0) Set(tenant, config.IngestKey);
        }
    }

    public void Set(string tenantId, string key) => _digests[tenantId] = SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public bool IsKnown(string tenantId) => _digests.ContainsKey(tenantId);

    /// <summary>True when the request's bearer key is the tenant's key.</summary>
    public bool Verify(string tenantId, string? authorizationHeader)
    {
        if (authorizationHeader is null || !authorizationHeader.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return false;
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorizationHeader["Bearer ".Length..].Trim()));
        // Compare against a dummy digest for unknown tenants so timing does not reveal which tenants exist.
        var expected = _digests.TryGetValue(tenantId, out var d) ? d : new byte[32];
        return CryptographicOperations.FixedTimeEquals(presented, expected) && d is not null;
    }
}
