namespace PrivateDomain.Tests.Postgres.Cluster;

/// <summary>What was acknowledged, per customer: the purchases a customer grain must show, no more and no fewer.</summary>
public sealed class PurchaseTally(int customers)
{
    private readonly int[] _counts = new int[customers];
    private readonly decimal[] _totals = new decimal[customers];
    private readonly Lock _lock = new();

    public void Add(BurstBatch batch)
    {
        lock (_lock)
        {
            foreach (var item in batch.Items)
            {
                if (!item.IsPurchase) continue;
                _counts[item.Customer]++;
                _totals[item.Customer] += item.Amount;
            }
        }
    }

    public int Count(int customer)
    {
        lock (_lock) return _counts[customer];
    }

    public decimal Total(int customer)
    {
        lock (_lock) return _totals[customer];
    }
}
