using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Grains.Groups;

/// <summary>
/// What a pool's routing means for the customer's timeline (<see cref="CustomerOutcome"/>): the group, its name and
/// live code, or why none. Its id is the cause id plus <see cref="Suffix"/>, so a replayed request records nothing new.
/// </summary>
public static class PoolOutcomes
{
    public const string Suffix = ":pool";

    public static CustomerOutcome For(string poolId, string? poolName, PoolRouteRequest r, PoolOutcome outcome, PoolGroup? group,
        bool ownerAlerted, DateTimeOffset at)
    {
        var pool = poolName is null ? $"pool {poolId}" : $"pool {poolName} ({poolId})";
        var inGroup = group is null ? "" : $"group {group.Name ?? group.Id} ({group.Id}, live code {group.CodeId}) of {pool}";
        var (summary, failed) = outcome switch
        {
            PoolOutcome.Reserved when group is not null => ($"Invited to {inGroup}; seat reserved", false),
            PoolOutcome.Opened when group is not null => ($"Invited to {inGroup}, opened because every group was full; seat reserved", false),
            PoolOutcome.AlreadyReserved when group is not null => ($"Invited again to {inGroup}: the seat reserved earlier still holds", false),
            PoolOutcome.AlreadyMember when group is not null => ($"Already a member of {inGroup}: no invitation sent", false),
            PoolOutcome.Full => ($"Not added to a group of {pool}: every group is full" + (ownerAlerted ? "; the pool owner's console was alerted" : ""), true),
            PoolOutcome.NoPool => ($"Not added to a group: there is no {pool}", true),
            _ => ($"Not added to a group of {pool}: the group it chose is no longer in the pool", true),
        };
        return new CustomerOutcome(r.CauseId + Suffix, at, summary, failed);
    }
}
