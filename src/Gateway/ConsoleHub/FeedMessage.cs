using PrivateDomain.Contracts;

namespace PrivateDomain.Gateway.ConsoleHub;

/// <summary>What a console receives as "feed": an item and the feed it belongs to.</summary>
public sealed record FeedMessage(string OwnerKind, string OwnerId, ConsoleItem Item)
{
    public static FeedMessage From(ConsolePush push) =>
        new(push.OwnerKind == FeedOwnerKind.Persona ? "persona" : "agent", push.OwnerId, push.Item);
}

/// <summary>The answer to Hello: who the agent is and the personas they operate.</summary>
public sealed record ConsoleHello(string TenantId, AgentView Agent, IReadOnlyList<PersonaView> Personas);
