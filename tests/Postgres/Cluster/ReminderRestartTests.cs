using System.Diagnostics;
using Orleans;
using Xunit.Abstractions;

namespace PrivateDomain.Tests.Postgres.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class ReminderRestartTests(PostgresFixture pg, ITestOutputHelper output)
{
    // Long enough for the whole cluster to stop and a new one to start before the first tick is due,
    // so the tick can only come from the new cluster. The period stays at Orleans' minimum, one minute.
    private static readonly TimeSpan DueTime = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_reminder_registered_before_all_silos_restart_fires_on_the_new_silos()
    {
        var db = await pg.NewDatabaseAsync("reminders");
        var clock = Stopwatch.StartNew();
        await using (var before = new PostgresTestCluster(db))
        {
            await Task.WhenAll(before.StartSiloAsync(), before.StartSiloAsync());
            var client = await before.ConnectClientAsync();
            var probe = client.GetGrain<IReminderProbeGrain>("journey-wait");
            clock.Restart();
            await probe.ScheduleAsync(DueTime);

            var row = Assert.Single(await OrleansTables.RemindersAsync(db, "pd-test"));
            Assert.EndsWith($"|{ReminderProbeGrain.ReminderName}|60000", row, StringComparison.Ordinal);
            await before.StopAsync(); // every silo of the cluster goes down
        }

        await using var after = new PostgresTestCluster(db);
        await Task.WhenAll(after.StartSiloAsync(), after.StartSiloAsync());
        var restarted = await after.ConnectClientAsync();
        output.WriteLine($"cluster replaced {clock.ElapsedMilliseconds} ms after the reminder was registered");
        // Normally the first tick is still ahead. On a machine so slow that it is not, Orleans skips the missed tick
        // and the next one comes a period later: still a correct test, just a slow one.
        var waitFor = (clock.Elapsed < DueTime ? DueTime : DueTime + TimeSpan.FromMinutes(1)) - clock.Elapsed + TimeSpan.FromSeconds(10);
        var probeAfter = restarted.GetGrain<IReminderProbeGrain>("journey-wait");
        Assert.True(await probeAfter.IsScheduledAsync(), "the new cluster does not know the reminder");

        var newSilos = after.Silos.Select(s => PostgresTestCluster.AddressOf(s).ToString()).ToHashSet();
        IReadOnlyList<string> ticks = [];
        Assert.True(await OrleansTables.EventuallyAsync(async () =>
        {
            ticks = await probeAfter.GetTicksAsync();
            return ticks.Count > 0;
        }, waitFor), "the reminder did not fire after the restart");
        output.WriteLine($"first tick {clock.ElapsedMilliseconds} ms after registration (due at {DueTime.TotalMilliseconds} ms)");
        Assert.Contains(Assert.Single(ticks), newSilos);
    }
}
