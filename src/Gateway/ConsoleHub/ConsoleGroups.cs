using PrivateDomain.Contracts;

namespace PrivateDomain.Gateway.ConsoleHub;

/// <summary>SignalR group names. Always tenant-qualified, and joined only after a server-side check.</summary>
public static class ConsoleGroups
{
    public static string Persona(string tenantId, string personaId) => $"t:{tenantId}:p:{personaId}";

    public static string Agent(string tenantId, string agentId) => $"t:{tenantId}:a:{agentId}";

    public static string For(ConsolePush push) => push.OwnerKind == FeedOwnerKind.Persona
        ? Persona(push.TenantId, push.OwnerId)
        : Agent(push.TenantId, push.OwnerId);
}
