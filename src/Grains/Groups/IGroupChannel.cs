namespace PrivateDomain.Grains.Groups;

/// <summary>
/// The channel side of groups (WeCom's customer-group API behind an adapter): opening a group for a pool. The request
/// id makes a repeated call (a pool retrying after a crash) return the group it opened the first time.
/// </summary>
public interface IGroupChannel
{
    Task<OpenedGroup> OpenGroupAsync(GroupOpenRequest request, CancellationToken cancellationToken);
}

/// <summary>What the pool asks the channel to create.</summary>
public sealed record GroupOpenRequest(string TenantId, string PoolId, string RequestId, string Name, string? OwnerPersonaId, int Cap);

/// <summary>The channel's group id and the link that invites a customer into it.</summary>
public sealed record OpenedGroup(string GroupId, string InviteUrl);
