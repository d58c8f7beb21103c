using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Grains.Push;

/// <summary>
/// Keeps the gateways' console observers under a lease. Not persisted on purpose: gateways renew every few
/// seconds, so a reactivated registry is complete again within one renewal period.
/// </summary>
public sealed class GatewayRegistryGrain(TimeProvider time) : Grain, IGatewayRegistryGrain
{
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly Dictionary<string, (IConsoleObserver Observer, DateTimeOffset RenewedAt)> _gateways = new(StringComparer.Ordinal);

    public Task RegisterAsync(string gatewayId, IConsoleObserver observer)
    {
        _gateways[gatewayId] = (observer, time.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task UnregisterAsync(string gatewayId)
    {
        _gateways.Remove(gatewayId);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<IConsoleObserver>> GetObserversAsync()
    {
        var now = time.GetUtcNow();
        foreach (var stale in _gateways.Where(g => now - g.Value.RenewedAt > Lease).Select(g => g.Key).ToList()) _gateways.Remove(stale);
        return Task.FromResult<IReadOnlyList<IConsoleObserver>>(_gateways.Values.Select(g => g.Observer).ToList());
    }
}
