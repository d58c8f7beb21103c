using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Grains.Groups;

/// <summary>One group of a pool: its routing facts and its member count as the group grain last reported it.</summary>
[GenerateSerializer, Alias("pd.PoolGroup")]
public sealed record PoolGroup
{
    [Id(0)] public string Id { get; init; } = "";
    [Id(1)] public string? Name { get; set; }
    [Id(2)] public int Cap { get; set; }
    [Id(3)] public List<string> Tags { get; set; } = [];
    [Id(4)] public string? OwnerPersonaId { get; set; }
    [Id(5)] public string? InviteUrl { get; set; }
    [Id(6)] public string CodeId { get; set; } = "";
    [Id(7)] public int Members { get; set; }
    [Id(8)] public bool AutoOpened { get; init; }
}

/// <summary>A live code and the (at most five) groups it routes to.</summary>
[GenerateSerializer, Alias("pd.PoolLiveCode")]
public sealed record PoolLiveCode
{
    [Id(0)] public string Id { get; init; } = "";
    [Id(1)] public List<string> GroupIds { get; init; } = [];
}

/// <summary>A seat held for an invited customer until they join or it expires.</summary>
[GenerateSerializer, Immutable, Alias("pd.PoolReservation")]
public sealed record PoolReservation(
    [property: Id(0)] string GroupId,
    [property: Id(1)] string CauseKey,
    [property: Id(2)] DateTimeOffset ReservedAt,
    [property: Id(3)] DateTimeOffset ExpiresAt);

/// <summary>What was decided for one (customer, cause), kept so a repeated request gets the same answer.</summary>
[GenerateSerializer, Immutable, Alias("pd.PoolDecision")]
public sealed record PoolDecision(
    [property: Id(0)] PoolOutcome Outcome,
    [property: Id(1)] string? GroupId,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] bool AlertOwner,
    [property: Id(4)] string Detail);

/// <summary>The persisted facts of one live-code pool.</summary>
[GenerateSerializer, Alias("pd.PoolState")]
public sealed record PoolState
{
    [Id(0)] public GroupPoolSettings? Settings { get; set; }
    [Id(1)] public List<PoolGroup> Groups { get; init; } = [];
    [Id(2)] public List<PoolLiveCode> Codes { get; init; } = [];
    /// <summary>Live reservations by customer id: one per customer per pool.</summary>
    [Id(3)] public Dictionary<string, PoolReservation> Reservations { get; init; } = new(StringComparer.Ordinal);
    /// <summary>Decisions by cause key (<see cref="PoolRouter.CauseKey"/>), oldest dropped beyond a bound.</summary>
    [Id(4)] public Dictionary<string, PoolDecision> Decisions { get; init; } = new(StringComparer.Ordinal);
    [Id(5)] public List<PoolLogEntry> Log { get; init; } = [];
    [Id(6)] public int GroupsOpened { get; set; }
    [Id(7)] public DateTimeOffset? LastFullAlertAt { get; set; }
    [Id(8)] public DateTimeOffset? OccupancyAt { get; set; }
}
