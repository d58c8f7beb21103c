using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;
using Xunit.Abstractions;
using static PrivateDomain.Tests.Postgres.Cluster.CustomerReads;

namespace PrivateDomain.Tests.Postgres.Cluster;

/// <summary>
/// The event spine's headline fault: three engine silos on PostgreSQL, a 100,000-event burst over 1,000 customers
/// appended by at-least-once producers (unacknowledged batches resent with the same ids), one silo killed mid-burst.
/// Every acknowledged purchase must reach its customer grain exactly once.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SpineFailoverTests(PostgresFixture pg, ITestOutputHelper output)
{
    private const string Tenant = PurchaseBurst.Tenant;
    private const int Silos = 3;
    private const int Customers = 1_000;
    private const int Purchases = 100_000;
    private const int BatchSize = 100;
    private const int Producers = 8;
    private const double KillAfter = 0.4;
    private const int LostAckPercent = 2;
    private static readonly TimeSpan ApplyTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_silo_killed_mid_burst_loses_no_acknowledged_event_and_applies_none_twice()
    {
        var wall = Stopwatch.StartNew();
        var seed = int.TryParse(Environment.GetEnvironmentVariable("SPINE_SEED"), out var given) ? given : Environment.TickCount;
        output.WriteLine($"seed {seed} (SPINE_SEED={seed} repeats this burst)");
        var db = await pg.NewDatabaseAsync("spine");
        var logs = new SiloLogs();
        await using var silos = new EngineSilos(db, "spine", logs);
        await silos.StartAsync(Silos);
        await using var cluster = new PostgresTestCluster(db, "spine", "spine");
        var client = await cluster.ConnectClientAsync();
        await using var appender = await RetryingAppender.StartAsync(db);
        var burst = PurchaseBurst.Create(seed, Customers, Purchases, BatchSize);
        var acked = new PurchaseTally(Customers);
        var started = wall.Elapsed;

        // Every customer is added and its grain active before the burst, so the doomed silo hosts its share.
        await appender.AppendAllAsync(Tenant, burst.Setup, Producers, _ => false, acked.Add, CancellationToken.None);
        var (setup, _) = await WaitAppliedAsync(client, Tenant, burst.Customers, await SpineDatabase.LoggedThroughAsync(db, Tenant), ApplyTimeout);
        Assert.All(setup, v => Assert.True(v?.Known, "a customer.added was not applied"));
        var candidates = await PlacementAsync(client, silos, burst.Customers);
        var doomed = candidates.OrderByDescending(d => d.Queues).ThenByDescending(d => d.Customers.Count).First();
        output.WriteLine($"{Silos} silos and the client up after {started.TotalSeconds:0.0} s; {Customers:N0} customers added and applied after {wall.Elapsed.TotalSeconds:0.0} s");
        output.WriteLine($"silos: {string.Join("; ", candidates.Select(c => $"{c.Address} {c.Queues} queue(s), {c.Customers.Count} customers"))}; killing {doomed.Address}");

        var writesBefore = await SpineDatabase.GrainWritesAsync(db, "customer");
        var walBefore = await SpineDatabase.WalBytesAsync(db);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var loseAck = LostAcks(seed, burst.Purchases.Count);
        var purchasesAcked = 0;
        var killNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        var failover = Task.Run(async () =>
        {
            await killNow.Task;
            var (ackedAtKill, at) = (Volatile.Read(ref purchasesAcked), clock.Elapsed);
            var (stop, answers, stillThere) = await KillAndProbeAsync(client, silos, doomed);
            return new Failover(ackedAtKill, at, stop, answers, stillThere);
        });
        await appender.AppendAllAsync(Tenant, burst.Purchases, Producers, i => loseAck[i], batch =>
        {
            acked.Add(batch);
            if (Interlocked.Add(ref purchasesAcked, batch.Events.Count) >= KillAfter * Purchases) killNow.TrySetResult();
        }, CancellationToken.None);
        var burstTime = clock.Elapsed;
        var (_, behind) = await WaitAppliedAsync(client, Tenant, burst.Customers, await SpineDatabase.LoggedThroughAsync(db, Tenant), ApplyTimeout);
        var appliedTime = clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var kill = await failover;
        // Settle, then read every customer once more: a late double apply would show here.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var (final, _) = await WaitAppliedAsync(client, Tenant, burst.Customers, new Dictionary<string, long>(), ApplyTimeout);

        long lost = 0, doubled = 0;
        var wrongTotals = 0;
        for (var c = 0; c < Customers; c++)
        {
            var count = final[c]?.Rfm.Frequency ?? 0;
            lost += Math.Max(0, acked.Count(c) - count);
            doubled += Math.Max(0, count - acked.Count(c));
            if ((final[c]?.Rfm.Monetary ?? 0m) != acked.Total(c)) wrongTotals++;
        }
        var logged = await SpineDatabase.LoggedEventsAsync(db, Tenant);
        var writes = await SpineDatabase.GrainWritesAsync(db, "customer");
        var wal = await SpineDatabase.WalBytesAsync(db) - walBefore;

        output.WriteLine($"burst: {Purchases:N0} purchases acked in {burstTime.TotalSeconds:0.0} s = {Purchases / burstTime.TotalSeconds:N0} events/s " +
            $"({Producers} producers × batches of {BatchSize}); the log holds {logged:N0} distinct events of tenant {Tenant}");
        output.WriteLine($"appender: {appender.RetriedBatches} batches resent after {appender.FailedAttempts} failed attempts ({appender.Timeouts} timeouts) " +
            $"and {appender.LostAcks} acknowledgements dropped on purpose; the log answered {appender.Accepted:N0} accepted + {appender.Duplicates:N0} duplicates");
        output.WriteLine($"kill: at {kill.AckedAtKill:N0} purchases acked ({100.0 * kill.AckedAtKill / Purchases:0}%), {kill.At.TotalSeconds:0.0} s into the burst; " +
            $"the silo's cancelled stop took {kill.Stop.TotalMilliseconds:N0} ms");
        output.WriteLine($"grains of the dead silo answering again from a live silo ({kill.Answers.Count} customers): first {Ms(kill.Answers, 0)}, " +
            $"median {Ms(kill.Answers, 0.5)}, p90 {Ms(kill.Answers, 0.9)}, last {Ms(kill.Answers, 1)} after the kill began");
        output.WriteLine($"fully applied {(appliedTime - burstTime).TotalSeconds:0.0} s after the last ack, {appliedTime.TotalSeconds:0.0} s after the burst began " +
            $"= {Purchases / appliedTime.TotalSeconds:N0} events/s end to end; {behind} customers behind at the deadline");
        output.WriteLine($"lost {lost}, applied twice {doubled}, customers with a wrong monetary total {wrongTotals}");
        output.WriteLine($"where the time went: this process (3 silos, client, appender) used {cpu.TotalSeconds:0.0} s CPU in {appliedTime.TotalSeconds:0.0} s " +
            $"({cpu / appliedTime:0.00} cores of {Environment.ProcessorCount}); {writes.Writes - writesBefore.Writes:N0} customer state writes " +
            $"({(double)(writes.Writes - writesBefore.Writes) / Purchases:0.00} per purchase) of {writes.AverageBytes:N0} bytes on average (largest {writes.MaxBytes:N0}); " +
            $"PostgreSQL wrote {wal / 1e6:N0} MB of WAL");
        PrintLogs(logs);
        output.WriteLine($"wall time {wall.Elapsed.TotalSeconds:0.0} s");

        Assert.Equal(Customers + Purchases, logged);
        Assert.Equal(0, behind);
        Assert.Equal(0L, lost);
        Assert.Equal(0L, doubled);
        Assert.Equal(0, wrongTotals);
        Assert.DoesNotContain(TimeSpan.MaxValue, kill.Answers);
        Assert.Equal(0, kill.StillOnDeadSilo);
    }

    private static bool[] LostAcks(int seed, int batches)
    {
        var rng = new Random(seed + 1);
        return Enumerable.Range(0, batches).Select(_ => rng.Next(100) < LostAckPercent).ToArray();
    }

    /// <summary>Each silo with its stream queues and the customers the directory places on it.</summary>
    private static async Task<List<Candidate>> PlacementAsync(IClusterClient client, EngineSilos silos, IReadOnlyList<string> customers)
    {
        var management = client.GetGrain<IManagementGrain>(0);
        var placement = await Task.WhenAll(customers.Select(async c => (Customer: c, Silo: await management.GetActivationAddress(Grain(client, Tenant, c)))));
        var candidates = new List<Candidate>();
        foreach (var silo in silos.Alive)
        {
            var address = EngineTestSilo.AddressOf(silo);
            var hosted = placement.Where(p => address.Equals(p.Silo)).Select(p => p.Customer).ToList();
            candidates.Add(new Candidate(silo, address, await EngineSilos.QueueAgentsAsync(silo), hosted));
        }
        return candidates;
    }

    /// <summary>
    /// Kills the silo and, from the same moment, calls each of its customers until it answers and the directory
    /// places it on a live silo (an answer from the dying activation does not count).
    /// </summary>
    private static async Task<(TimeSpan Stop, IReadOnlyList<TimeSpan> Answers, int StillOnDeadSilo)> KillAndProbeAsync(
        IClusterClient client, EngineSilos silos, Candidate doomed)
    {
        var management = client.GetGrain<IManagementGrain>(0);
        var clock = Stopwatch.StartNew();
        var kill = silos.KillAsync(doomed.Host);
        var answers = Task.WhenAll(doomed.Customers.Select(async c =>
        {
            while (clock.Elapsed < AnswerTimeout)
            {
                try
                {
                    await Grain(client, Tenant, c).GetAsync();
                    var answered = clock.Elapsed;
                    var at = await management.GetActivationAddress(Grain(client, Tenant, c));
                    if (at is not null && !at.Equals(doomed.Address)) return answered;
                }
                catch (Exception)
                {
                    // The call went to the dead silo or timed out on the way: the grain has not moved yet.
                }
                await Task.Delay(100);
            }
            return TimeSpan.MaxValue;
        }));
        await kill;
        var stop = clock.Elapsed;
        var times = await answers;
        Array.Sort(times);
        var stillThere = 0;
        foreach (var c in doomed.Customers)
        {
            if (doomed.Address.Equals(await management.GetActivationAddress(Grain(client, Tenant, c)))) stillThere++;
        }
        return (stop, times, stillThere);
    }

    private static string Ms(IReadOnlyList<TimeSpan> sorted, double quantile) =>
        sorted.Count == 0 ? "-" : $"{sorted[(int)Math.Round(quantile * (sorted.Count - 1))].TotalMilliseconds:N0} ms";

    private void PrintLogs(SiloLogs logs)
    {
        output.WriteLine("stream queue receivers:");
        foreach (var line in logs.Receivers)
            output.WriteLine($"  {line}");
        output.WriteLine($"silo warnings and errors by category:{(logs.Counts.Count == 0 ? " none" : "")}");
        foreach (var (category, count) in logs.Counts.OrderByDescending(kv => kv.Value).Take(15))
            output.WriteLine($"  {count,6} {category}");
        foreach (var entry in logs.Samples("PrivateDomain", 3).Concat(logs.Samples("Orleans.Streams", 2)))
            output.WriteLine($"  {(entry.Length > 400 ? entry[..400] + "…" : entry)}");
    }

    private sealed record Candidate(IHost Host, SiloAddress Address, int Queues, IReadOnlyList<string> Customers);

    private sealed record Failover(int AckedAtKill, TimeSpan At, TimeSpan Stop, IReadOnlyList<TimeSpan> Answers, int StillOnDeadSilo);
}
