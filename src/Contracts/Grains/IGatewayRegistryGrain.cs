namespace PrivateDomain.Contracts.Grains;

/// <summary>The cluster-wide list of live gateways (key 0). Gateways renew their registration periodically.</summary>
[Alias("pd.IGatewayRegistryGrain")]
public interface IGatewayRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Registers or renews a gateway's observer.</summary>
    [Alias("RegisterAsync")]
    Task RegisterAsync(string gatewayId, IConsoleObserver observer);

    /// <summary>Removes a gateway that is shutting down.</summary>
    [Alias("UnregisterAsync")]
    Task UnregisterAsync(string gatewayId);

    /// <summary>Returns the observers registered within their lease.</summary>
    [Alias("GetObserversAsync")]
    Task<IReadOnlyList<IConsoleObserver>> GetObserversAsync();
}
