using System.Diagnostics;
using Xunit.Abstractions;

namespace PrivateDomain.Tests.Postgres.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class ClusterFailoverTests(PostgresFixture pg, ITestOutputHelper output)
{
    [Fact]
    public async Task Grain_state_survives_a_kill_of_its_silo_and_the_survivor_votes_it_dead()
    {
        var db = await pg.NewDatabaseAsync("failover");
        await using var cluster = new PostgresTestCluster(db);
        await Task.WhenAll(cluster.StartSiloProcessAsync(), cluster.StartSiloProcessAsync());
        var client = await cluster.ConnectClientAsync();
        Assert.Equal([OrleansTables.Active, OrleansTables.Active], (await OrleansTables.MembershipAsync(db, cluster.ClusterId)).Values);

        var counter = client.GetGrain<ICounterGrain>("customer-1");
        Assert.Equal(5, await counter.AddAsync(5));
        var firstSilo = await counter.GetSiloAsync();
        var doomed = cluster.Processes.Single(p => p.Address == firstSilo);

        var clock = Stopwatch.StartNew();
        await doomed.KillAsync();
        var count = await CallUntilAnsweredAsync(() => counter.AddAsync(1), TimeSpan.FromSeconds(30));
        output.WriteLine($"the grain answered again {clock.ElapsedMilliseconds} ms after its silo was killed");

        Assert.Equal(6, count);
        Assert.NotEqual(doomed.Address, await counter.GetSiloAsync());
        var membership = await OrleansTables.MembershipAsync(db, cluster.ClusterId);
        Assert.True(await OrleansTables.EventuallyAsync(async () =>
        {
            membership = await OrleansTables.MembershipAsync(db, cluster.ClusterId);
            return membership.Values.Order().SequenceEqual([OrleansTables.Active, OrleansTables.Dead]);
        }, TimeSpan.FromSeconds(15)), $"membership: {string.Join(", ", membership)}");
    }

    // Calls to the dead silo fail or time out until the survivor declares it dead and the grain moves.
    private static async Task<T> CallUntilAnsweredAsync<T>(Func<Task<T>> call, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
