using PrivateDomain.Contracts;

namespace PrivateDomain.Tests.Unit;

/// <summary>Builds normalised events for the pure domain tests.</summary>
internal static class Ev
{
    public static readonly DateTimeOffset T0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static int _next;

    public static EngineEvent Make(string type, string? customer = "c1", string? group = null, string? persona = null,
        string data = "{}", DateTimeOffset? at = null, string? id = null) =>
        new(id ?? $"e{Interlocked.Increment(ref _next)}", type, customer, group, persona, at ?? T0, data);

    public static EngineEvent Added(string customer = "c1", string persona = "p1", string data = "{}", DateTimeOffset? at = null) =>
        Make(EventTypes.CustomerAdded, customer, persona: persona, data: data, at: at);

    public static EngineEvent Purchase(string orderId, decimal amount, DateTimeOffset? at = null, string customer = "c1", string? id = null) =>
        Make(EventTypes.Purchase, customer,
            data: $$"""{"orderId":"{{orderId}}","amount":{{amount.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"currency":"CNY"}""",
            at: at, id: id);

    public static EngineEvent Chat(string text, string customer = "c1", string? persona = "p1", string? group = null, DateTimeOffset? at = null) =>
        Make(EventTypes.ChatMessage, customer, group, persona, $$"""{"text":"{{text}}"}""", at);
}
