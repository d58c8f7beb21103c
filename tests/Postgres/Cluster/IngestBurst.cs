using System.Globalization;
using System.Text.Json.Nodes;

namespace PrivateDomain.Tests.Postgres.Cluster;

/// <summary>
/// A seeded burst of ingestion batches with checkable outcomes: purchases (count and amount per customer), group
/// messages (count per member and per group; nothing in the engine dedupes these, so a double apply shows), and 1:1
/// messages from a few customers to one persona (each must appear in that persona's console feed exactly once).
/// Ids and bodies are fixed at creation, so a resent batch is byte for byte the same.
/// </summary>
public sealed class IngestBurst
{
    public const string Persona = "p1";
    public const int Groups = 4;
    private const int DirectChatters = 10;

    private IngestBurst(IReadOnlyList<string> customers, IReadOnlyList<IngestBatch> setup, IReadOnlyList<IngestBatch> batches)
    {
        Customers = customers;
        Setup = setup;
        Batches = batches;
    }

    public IReadOnlyList<string> Customers { get; }

    /// <summary>Every customer joins its group; acknowledged before the burst, so each member's messages count.</summary>
    public IReadOnlyList<IngestBatch> Setup { get; }

    public IReadOnlyList<IngestBatch> Batches { get; }

    public static string GroupOf(string customer) => $"g{int.Parse(customer.AsSpan(1), CultureInfo.InvariantCulture) % Groups}";

    public static IngestBurst Create(int seed, int events, int customers, int batchSize)
    {
        var rng = new Random(seed);
        var ids = Enumerable.Range(0, customers).Select(i => $"c{i:D3}").ToList();
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        var joins = ids.Select((c, i) => new BurstEvent($"join-{c}", "group.member_joined", c, GroupOf(c), null, null, at.AddMilliseconds(i))).ToList();
        var burst = new List<BurstEvent>(events);
        for (var k = 0; k < events; k++)
        {
            var id = $"b-{k}";
            var when = at.AddSeconds(1).AddMilliseconds(k);
            var customer = ids[rng.Next(customers)];
            var roll = rng.Next(1000);
            burst.Add(roll switch
            {
                < 400 => new BurstEvent(id, "behavior.purchase", customer, null, null, rng.Next(100, 100_000) / 100m, when),
                < 700 => new BurstEvent(id, "chat.message", customer, GroupOf(customer), null, null, when),
                < 715 => new BurstEvent(id, "chat.message", ids[roll % Math.Min(DirectChatters, customers)], null, Persona, null, when),
                _ => new BurstEvent(id, "behavior.page_view", customer, null, null, null, when),
            });
        }
        return new IngestBurst(ids, Chunk(joins, batchSize, "setup"), Chunk(burst, batchSize, "burst"));
    }

    /// <summary>A batch of follow-up 1:1 messages, for checking that live pushes flow again.</summary>
    public static IngestBatch Direct(string prefix, int count, string customer)
    {
        var at = DateTimeOffset.UtcNow;
        var events = Enumerable.Range(0, count).Select(i => new BurstEvent($"{prefix}-{i}", "chat.message", customer, null, Persona, null, at.AddMilliseconds(i))).ToList();
        return new IngestBatch(prefix, events);
    }

    private static List<IngestBatch> Chunk(List<BurstEvent> events, int size, string name) =>
        events.Chunk(size).Select((c, i) => new IngestBatch($"{name}-{i}", c)).ToList();
}

/// <summary>One event of the burst.</summary>
public sealed record BurstEvent(string Id, string Type, string Customer, string? Group, string? Persona, decimal? Amount, DateTimeOffset At)
{
    public bool IsPurchase => Type == "behavior.purchase";

    public bool IsGroupMessage => Type == "chat.message" && Group is not null;

    public bool IsDirectMessage => Type == "chat.message" && Persona is not null;

    public JsonObject ToJson()
    {
        var e = new JsonObject
        {
            ["id"] = Id,
            ["type"] = Type,
            ["customerId"] = Customer,
            ["occurredAt"] = At.ToString("O", CultureInfo.InvariantCulture),
        };
        if (Group is not null) e["groupId"] = Group;
        if (Persona is not null) e["personaId"] = Persona;
        e["data"] = Type switch
        {
            "behavior.purchase" => new JsonObject { ["orderId"] = $"o-{Id}", ["amount"] = Amount, ["currency"] = "CNY" },
            "chat.message" => new JsonObject { ["text"] = $"message {Id}" },
            "behavior.page_view" => new JsonObject { ["url"] = $"https://shop.example/{Id}", ["title"] = "product" },
            _ => new JsonObject(),
        };
        return e;
    }
}

/// <summary>A batch with its body fixed once, so a retry resends exactly the same ids and content.</summary>
public sealed class IngestBatch(string name, IReadOnlyList<BurstEvent> events)
{
    public string Name { get; } = name;

    public IReadOnlyList<BurstEvent> Events { get; } = events;

    public string Body { get; } = new JsonArray(events.Select(e => (JsonNode)e.ToJson()).ToArray()).ToJsonString();
}
