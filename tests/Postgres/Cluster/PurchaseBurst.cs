using System.Globalization;
using PrivateDomain.Contracts;

namespace PrivateDomain.Tests.Postgres.Cluster;

/// <summary>
/// A seeded burst of purchases over many customers whose outcome can be counted per customer: each customer is
/// added first (no persona, so no effects), then purchases with an amount and no order id, so the customer
/// projection's order dedupe cannot hide an event applied twice. Batches are fixed at creation: a resend carries
/// the same ids and bodies.
/// </summary>
public sealed class PurchaseBurst
{
    public const string Tenant = "t1";

    private PurchaseBurst(IReadOnlyList<string> customers, IReadOnlyList<BurstBatch> setup, IReadOnlyList<BurstBatch> purchases)
    {
        Customers = customers;
        Setup = setup;
        Purchases = purchases;
    }

    public IReadOnlyList<string> Customers { get; }

    /// <summary>One <c>customer.added</c> per customer.</summary>
    public IReadOnlyList<BurstBatch> Setup { get; }

    /// <summary>The <c>behavior.purchase</c> burst.</summary>
    public IReadOnlyList<BurstBatch> Purchases { get; }

    public static PurchaseBurst Create(int seed, int customers, int purchases, int batchSize)
    {
        var rng = new Random(seed);
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        var ids = Enumerable.Range(0, customers).Select(i => $"c{i:D4}").ToList();
        var added = ids.Select((c, i) => new BurstItem(
            new EngineEvent($"add-{c}", EventTypes.CustomerAdded, c, null, null, at.AddMilliseconds(i), """{"source":"burst"}"""), i, 0m)).ToList();
        var bought = new List<BurstItem>(purchases);
        for (var k = 0; k < purchases; k++)
        {
            var customer = rng.Next(customers);
            var amount = rng.Next(100, 100_000) / 100m;
            var data = $$"""{"amount":{{amount.ToString(CultureInfo.InvariantCulture)}},"currency":"CNY"}""";
            bought.Add(new BurstItem(
                new EngineEvent($"buy-{k}", EventTypes.Purchase, ids[customer], null, null, at.AddSeconds(10).AddMilliseconds(k), data), customer, amount));
        }
        return new PurchaseBurst(ids, Chunk(added, batchSize, "setup"), Chunk(bought, batchSize, "burst"));
    }

    private static List<BurstBatch> Chunk(List<BurstItem> items, int size, string name) =>
        items.Chunk(size).Select((c, i) => new BurstBatch($"{name}-{i}", c)).ToList();
}

/// <summary>One event of a burst with what it should do to its customer (by index).</summary>
public sealed record BurstItem(EngineEvent Event, int Customer, decimal Amount)
{
    public bool IsPurchase => Event.Type == EventTypes.Purchase;
}

/// <summary>A batch appended as one unit and retried as one unit.</summary>
public sealed class BurstBatch(string name, IReadOnlyList<BurstItem> items)
{
    public string Name { get; } = name;

    public IReadOnlyList<BurstItem> Items { get; } = items;

    public IReadOnlyList<EngineEvent> Events { get; } = items.Select(i => i.Event).ToArray();
}
