namespace PrivateDomain.Contracts.Grains;

/// <summary>
/// A live-code group pool (群活码), keyed "{tenantId}/{poolId}": its groups and live codes, their occupancy, the seats
/// reserved for invited customers, and the routing of each newcomer to a group. Exists once configured.
/// </summary>
[Alias("pd.ILiveCodePoolGrain")]
public interface ILiveCodePoolGrain : IGrainWithStringKey
{
    /// <summary>Creates the pool or updates its settings; its groups are kept.</summary>
    [Alias("ConfigureAsync")]
    Task<GroupPoolView> ConfigureAsync(GroupPoolSettings settings);

    /// <summary>Adds a group to the pool or updates it (and sets the group's name, owner and cap); null when the pool does not exist.</summary>
    [Alias("PutGroupAsync")]
    Task<GroupPoolView?> PutGroupAsync(PoolGroupSettings group);

    /// <summary>Returns the pool with occupancy per group (members, reserved seats, free seats) and its live codes.</summary>
    [Alias("GetAsync")]
    Task<GroupPoolView> GetAsync();

    /// <summary>
    /// Routes a customer to a group: reserves a seat and puts the invitation in the outbox, opens a group or alerts the
    /// owner when all are full. Idempotent per (customer, cause): a repeated request answers the first decision.
    /// </summary>
    [Alias("RouteAsync")]
    Task<PoolRouting> RouteAsync(PoolRouteRequest request);
}
