using PrivateDomain.Contracts;

namespace PrivateDomain.Tests.Postgres.EventStore;

/// <summary>Event builders for the tests.</summary>
internal static class Events
{
    public static readonly DateTimeOffset At = new(2025, 3, 1, 8, 30, 0, TimeSpan.Zero);

    public static EngineEvent Chat(string id, string? customer = "c1", string? group = null, string? persona = "p1", string text = "hi") =>
        new(id, EventTypes.ChatMessage, customer, group, persona, At, $$"""{"text":"{{text}}"}""");
}
