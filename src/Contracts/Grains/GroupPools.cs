namespace PrivateDomain.Contracts.Grains;

/// <summary>
/// A pool's own settings. Groups opened automatically get <see cref="NewGroupCap"/> and <see cref="NewGroupTags"/>; a
/// reserved seat is held for <see cref="ReservationMinutes"/> after the invitation.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.GroupPoolSettings")]
public sealed record GroupPoolSettings(
    [property: Id(0)] string Name,
    [property: Id(1)] string? OwnerPersonaId,
    [property: Id(2)] bool AutoOpen,
    [property: Id(3)] int NewGroupCap,
    [property: Id(4)] int MaxGroups,
    [property: Id(5)] int ReservationMinutes,
    [property: Id(6)] IReadOnlyList<string> NewGroupTags,
    [property: Id(7)] string? InviteText);

/// <summary>A group of a pool. Null name, cap or owner keep what the group grain has.</summary>
[GenerateSerializer, Immutable, Alias("pd.PoolGroupSettings")]
public sealed record PoolGroupSettings(
    [property: Id(0)] string GroupId,
    [property: Id(1)] string? Name,
    [property: Id(2)] int? Cap,
    [property: Id(3)] IReadOnlyList<string> Tags,
    [property: Id(4)] string? OwnerPersonaId,
    [property: Id(5)] string? InviteUrl);

/// <summary>
/// Asks a pool for a seat. <see cref="CauseId"/> names what asked (a journey effect id); with the customer it makes the
/// request idempotent. The invitation goes out through <see cref="PersonaId"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.PoolRouteRequest")]
public sealed record PoolRouteRequest(
    [property: Id(0)] string CauseId,
    [property: Id(1)] string CustomerId,
    [property: Id(2)] IReadOnlyList<string> Tags,
    [property: Id(3)] string PersonaId,
    [property: Id(4)] string? AgentId,
    [property: Id(5)] DateTimeOffset At);

/// <summary>How a routing request ended.</summary>
public enum PoolOutcome
{
    /// <summary>A seat is reserved and the invitation is in the outbox.</summary>
    Reserved = 0,
    /// <summary>Every group was full: a group was opened, the seat reserved in it and the invitation sent.</summary>
    Opened = 1,
    /// <summary>The customer already holds a live reservation in the pool: that invitation is sent again.</summary>
    AlreadyReserved = 2,
    /// <summary>The customer is already a member of a group of the pool: nothing is sent.</summary>
    AlreadyMember = 3,
    /// <summary>Every group was full and none could be opened: the owner's console is alerted (at most once per interval).</summary>
    Full = 4,
    /// <summary>No pool with this id: nothing happens.</summary>
    NoPool = 5,
}

/// <summary>The answer to a <see cref="PoolRouteRequest"/>.</summary>
[GenerateSerializer, Immutable, Alias("pd.PoolRouting")]
public sealed record PoolRouting(
    [property: Id(0)] PoolOutcome Outcome,
    [property: Id(1)] string? GroupId,
    [property: Id(2)] string? CodeId,
    [property: Id(3)] string? DeliveryId,
    [property: Id(4)] string Detail);

/// <summary>One group of a pool and its occupancy: members as the group last reported, plus live reservations.</summary>
[GenerateSerializer, Immutable, Alias("pd.PoolGroupView")]
public sealed record PoolGroupView(
    [property: Id(0)] string GroupId,
    [property: Id(1)] string? Name,
    [property: Id(2)] string CodeId,
    [property: Id(3)] int Cap,
    [property: Id(4)] int Members,
    [property: Id(5)] int Reserved,
    [property: Id(6)] int Free,
    [property: Id(7)] IReadOnlyList<string> Tags,
    [property: Id(8)] string? OwnerPersonaId,
    [property: Id(9)] string? InviteUrl,
    [property: Id(10)] bool AutoOpened);

/// <summary>A live code (活码): one QR code for up to five groups, as WeCom allows.</summary>
[GenerateSerializer, Immutable, Alias("pd.LiveCodeView")]
public sealed record LiveCodeView(
    [property: Id(0)] string CodeId,
    [property: Id(1)] IReadOnlyList<string> GroupIds);

/// <summary>What happened in a pool: a reservation, a join, an expiry, a group opened, a full-pool alert.</summary>
[GenerateSerializer, Immutable, Alias("pd.PoolLogEntry")]
public sealed record PoolLogEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Kind,
    [property: Id(2)] string? CustomerId,
    [property: Id(3)] string? GroupId,
    [property: Id(4)] string Text);

/// <summary>A pool, its groups with occupancy, its live codes and its newest log entries.</summary>
[GenerateSerializer, Immutable, Alias("pd.GroupPoolView")]
public sealed record GroupPoolView(
    [property: Id(0)] bool Exists,
    [property: Id(1)] string TenantId,
    [property: Id(2)] string PoolId,
    [property: Id(3)] GroupPoolSettings? Settings,
    [property: Id(4)] IReadOnlyList<PoolGroupView> Groups,
    [property: Id(5)] IReadOnlyList<LiveCodeView> Codes,
    [property: Id(6)] int ReservationsLive,
    [property: Id(7)] DateTimeOffset? OccupancyAt,
    [property: Id(8)] IReadOnlyList<PoolLogEntry> Log);
