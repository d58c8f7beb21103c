using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Domain;

namespace PrivateDomain.Grains.Groups;

/// <summary>Builds a pool's view and the invitation a routed customer receives. Pure.</summary>
public static class PoolViews
{
    public const int LogShown = 50;
    public const string InviteKind = "group_invite";

    public static GroupPoolView From(PoolState s, string tenantId, string poolId)
    {
        var reserved = PoolRouter.ReservedByGroup(s);
        var groups = s.Groups.Select(g =>
        {
            var held = reserved.GetValueOrDefault(g.Id);
            return new PoolGroupView(g.Id, g.Name, g.CodeId, g.Cap, g.Members, held, Math.Max(0, g.Cap - g.Members - held),
                g.Tags.ToList(), g.OwnerPersonaId, g.InviteUrl, g.AutoOpened);
        }).ToList();
        var codes = s.Codes.Select(c => new LiveCodeView(c.Id, c.GroupIds.ToList())).ToList();
        return new GroupPoolView(s.Settings is not null, tenantId, poolId, s.Settings, groups, codes, s.Reservations.Count,
            s.OccupancyAt, s.Log.Newest(LogShown));
    }

    /// <summary>The delivery id of a request's invitation: one per (customer, cause), whatever the pool decides or repeats.</summary>
    public static string InviteDeliveryId(PoolRouteRequest r) => $"{r.CauseId}:group-invite";

    /// <summary>
    /// The invitation, sent 1:1 through the customer's persona: the group's invite link, or (without one) the live code
    /// that holds the group, for the channel adapter to render as its QR code.
    /// </summary>
    public static OutboxMessage Invitation(PoolState s, string tenantId, PoolGroup group, PoolRouteRequest r, string channel, DateTimeOffset at)
    {
        var intro = s.Settings?.InviteText is { Length: > 0 } text ? text : "Join our group";
        var link = group.InviteUrl ?? $"[live code {group.CodeId}]";
        var body = $"{intro}: {group.Name ?? group.Id}\n{link}";
        return new OutboxMessage(InviteDeliveryId(r), tenantId, channel, r.PersonaId, r.CustomerId, null, r.AgentId,
            InviteKind, Text.Clip(body, 2000), at, OutboxStatus.Pending, null);
    }
}
