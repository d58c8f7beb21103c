using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Tests.Postgres.Cluster;

/// <summary>Reads customer grains through a cluster client while the cluster is busy or losing a silo.</summary>
public static class CustomerReads
{
    public static ICustomerGrain Grain(IGrainFactory grains, string tenant, string customer) =>
        grains.GetGrain<ICustomerGrain>(TenantKey.Compose(tenant, customer));

    /// <summary>
    /// Reads every customer until each has applied its stream through its position in <paramref name="through"/>
    /// (absent: any answer will do). Returns the last views (null: never answered) and how many were still behind.
    /// </summary>
    public static async Task<(CustomerView?[] Views, int Behind)> WaitAppliedAsync(
        IGrainFactory grains, string tenant, IReadOnlyList<string> customers, IReadOnlyDictionary<string, long> through, TimeSpan timeout)
    {
        var views = new CustomerView?[customers.Count];
        var deadline = DateTime.UtcNow + timeout;
        bool Behind(int i) => views[i] is not { } v || v.AppliedSequence < through.GetValueOrDefault(customers[i]);
        while (true)
        {
            var pending = Enumerable.Range(0, customers.Count).Where(Behind).ToList();
            if (pending.Count == 0 || DateTime.UtcNow > deadline) return (views, pending.Count);
            await Task.WhenAll(pending.Select(async i =>
            {
                try
                {
                    views[i] = await Grain(grains, tenant, customers[i]).GetAsync();
                }
                catch (Exception)
                {
                    // Timed out behind deliveries or on its way to a live silo: asked again next round.
                }
            }));
            if (pending.Any(Behind)) await Task.Delay(250);
        }
    }
}
