using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using PrivateDomain.Contracts;
using PrivateDomain.Storage;
using PrivateDomain.Storage.Sqlite;

namespace PrivateDomain.Bench;

/// <summary>
/// Campaign placement (issue #6): one campaign's fan-out — --groups group posts of --members members each plus
/// --directs 1:1 messages — placed through <see cref="ICampaignStore.PlaceAsync"/> in chunks (--group-chunk posts or
/// --direct-chunk messages each, --placers at a time), every delivery reserving its monthly quota and writing its
/// outbox row and recipient rows in the chunk's transaction. Reports recipient rows/s and deliveries/s, the progress
/// read (<see cref="ICampaignStore.CountsAsync"/>) latency at that size, against a same-run baseline: a plain loop
/// inserting the same outbox rows (no quota, no recipients) into a fresh SQLite outbox, 1,000 per transaction.
/// </summary>
internal static class CampaignStoreScenario
{
    private static readonly DateTimeOffset At = new(2026, 11, 11, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var groups = args.Int("groups", 2_000);
        var members = args.Int("members", 500);
        var directs = args.Int("directs", 100_000);
        var groupChunk = args.Int("group-chunk", 20);
        var directChunk = args.Int("direct-chunk", 1_000);
        var placers = args.Int("placers", 2);
        Console.WriteLine(Invariant($"campaign-store: groups={groups:N0}×{members} directs={directs:N0} group-chunk={groupChunk} direct-chunk={directChunk} placers={placers} backend=sqlite cores={Environment.ProcessorCount}"));
        var chunks = Chunks("bench", "c1", groups, members, directs, groupChunk, directChunk);
        var deliveries = chunks.Sum(c => c.Deliveries.Count);
        var recipients = chunks.Sum(c => c.Deliveries.Sum(d => (long)d.Recipients.Count));
        var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "pd-bench-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            using var outbox = new SqliteOutbox(Options.Create(new StorageOptions { DataDirectory = Path.Combine(directory, "engine") }));
            var store = new SqliteCampaignStore(outbox);
            var cpu0 = Environment.CpuUsage.TotalTime;
            var (placed, seconds) = await PlaceAsync(store, chunks, placers);
            var cpu = (Environment.CpuUsage.TotalTime - cpu0).TotalSeconds;
            var counts = await store.CountsAsync("bench", "c1");
            var reads = await CountsLatencyAsync(store, 50);
            var baseline = Baseline(Path.Combine(directory, "baseline"), chunks);
            Console.WriteLine(Invariant($"placed: {placed.Placed:N0} deliveries ({placed.SkippedQuota:N0} over quota), {placed.Recipients:N0} recipient rows in {seconds:F2} s"));
            Console.WriteLine(Invariant($"  {placed.Recipients / seconds:N0} recipient rows/s, {deliveries / seconds:N0} deliveries/s (quota + outbox row + recipients, one transaction per chunk)"));
            Console.WriteLine(Invariant($"  process CPU {cpu:F2} s: {placed.Recipients / cpu:N0} recipient rows per CPU second"));
            Console.WriteLine(Invariant($"  counts: deliveries={counts.Deliveries:N0} recipients={counts.Recipients:N0} queued={counts.Queued:N0}"));
            Console.WriteLine(Invariant($"  CountsAsync at {counts.Deliveries:N0} deliveries: p50 {reads.PercentileMs(50):F2} ms, p99 {reads.PercentileMs(99):F2} ms, max {reads.MaxMs:F2} ms (50 reads)"));
            Console.WriteLine(Invariant($"baseline: plain outbox INSERTs of the same {deliveries:N0} rows (no quota, no recipients), 1 thread, 1,000 per transaction: {baseline.PerSecond:N0} rows/s ({baseline.PerCpuSecond:N0} per CPU second)"));
            return placed.Placed == deliveries && placed.Recipients == recipients && counts.Deliveries == deliveries ? 0 : 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>The campaign's chunks: group posts (members u{g}-{m}) then 1:1 messages (customers d{n}), each with its quota.</summary>
    internal static List<CampaignChunk> Chunks(string tenant, string campaign, int groups, int members, int directs, int groupChunk, int directChunk)
    {
        var chunks = new List<CampaignChunk>();
        var batch = new List<PlannedDelivery>();
        void Flush()
        {
            if (batch.Count == 0) return;
            chunks.Add(new CampaignChunk(tenant, campaign, batch.ToArray()));
            batch.Clear();
        }
        for (var g = 0; g < groups; g++)
        {
            var group = "g" + g.ToString("D5", CultureInfo.InvariantCulture);
            var recipients = new string[members];
            for (var m = 0; m < members; m++) recipients[m] = $"u{g}-{m}";
            batch.Add(new PlannedDelivery(Message(tenant, $"{campaign}/{group}", null, group), "task-" + (g % 50), new QuotaClaim("g:" + group, "2026-11", 4), recipients));
            if (batch.Count == groupChunk) Flush();
        }
        Flush();
        for (var n = 0; n < directs; n++)
        {
            var customer = "d" + n.ToString("D7", CultureInfo.InvariantCulture);
            batch.Add(new PlannedDelivery(Message(tenant, $"{campaign}/{customer}", customer, null), "task-" + (n % 50), new QuotaClaim("c:" + customer, "2026-11", 4), [customer]));
            if (batch.Count == directChunk) Flush();
        }
        Flush();
        return chunks;
    }

    private static OutboxMessage Message(string tenant, string deliveryId, string? customer, string? group) =>
        new(deliveryId, tenant, "wecom", "p" + (deliveryId.Length % 100), customer, group, "agent", "text", "双十一 大促 — 全场五折 {{customer.name}}", At, OutboxStatus.Held, null);

    internal static async Task<(PlacementResult Total, double Seconds)> PlaceAsync(ICampaignStore store, List<CampaignChunk> chunks, int placers)
    {
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        var results = await Task.WhenAll(Enumerable.Range(0, placers).Select(_ => Task.Run(async () =>
        {
            var mine = new List<PlacementResult>();
            int i;
            while ((i = Interlocked.Increment(ref next)) < chunks.Count)
                mine.Add(await store.PlaceAsync(chunks[i]));
            return mine;
        })));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = results.SelectMany(r => r).ToList();
        return (new PlacementResult(all.Sum(r => r.Placed), all.Sum(r => r.SkippedQuota), all.Sum(r => r.AlreadyPlaced), all.Sum(r => r.Recipients)), seconds);
    }

    internal static async Task<Latencies> CountsLatencyAsync(ICampaignStore store, int reads)
    {
        var samples = new List<long>(reads);
        for (var i = 0; i < reads; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await store.CountsAsync("bench", "c1");
            samples.Add(Stopwatch.GetTimestamp() - started);
        }
        return new Latencies(samples);
    }

    internal static (double PerSecond, double PerCpuSecond) Baseline(string directory, List<CampaignChunk> chunks)
    {
        // A fresh outbox file with the same schema; then raw inserts of the same rows on one connection.
        using (new SqliteOutbox(Options.Create(new StorageOptions { DataDirectory = directory }))) { }
        var database = new SqliteDatabase(SqliteFiles.PathOf(new StorageOptions { DataDirectory = directory }, SqliteFiles.Outbox), SqliteDurability.Normal);
        using var connection = database.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = OutboxSql.Insert;
        var messages = chunks.SelectMany(c => c.Deliveries).Select(d => d.Message).ToArray();
        var started = Stopwatch.GetTimestamp();
        var cpu0 = Environment.CpuUsage.TotalTime;
        for (var offset = 0; offset < messages.Length; offset += 1_000)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            for (var i = offset; i < Math.Min(messages.Length, offset + 1_000); i++)
            {
                insert.Parameters.Clear();
                OutboxRows.Bind(insert, messages[i]);
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        var perSecond = messages.Length / Stopwatch.GetElapsedTime(started).TotalSeconds;
        var perCpuSecond = messages.Length / (Environment.CpuUsage.TotalTime - cpu0).TotalSeconds;
        database.ClearPool();
        return (perSecond, perCpuSecond);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
