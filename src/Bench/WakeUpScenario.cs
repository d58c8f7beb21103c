using PrivateDomain.Testing;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using PrivateDomain.Postgres;
using PrivateDomain.Postgres.WakeUps;
using PrivateDomain.Storage;
using PrivateDomain.Storage.Sqlite;

namespace PrivateDomain.Bench;

/// <summary>
/// The durable wake-up index (issue #4): N customers each schedule one wait (one call per customer, from
/// concurrent producers, so the group commit is what is measured), spread so that --due of them come due over
/// --due-seconds and the rest over the following year; then claimers take and complete them as they come due
/// (the index is given a clock that starts just before the first due instant). Reports schedule rate, bytes on
/// disk per entry, wake-up lateness (claimed − due) and claims/s, against a same-run baseline of plain INSERTs of
/// the same rows, 1,000 per transaction. SQLite by default; --pg 1 for PostgreSQL on a throwaway server.
/// </summary>
internal static class WakeUpScenario
{
    private static readonly DateTimeOffset Base = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var count = args.Int("count", 1_000_000);
        var due = Math.Min(count, args.Int("due", 100_000));
        var dueSeconds = args.Double("due-seconds", 10);
        var producers = args.Int("producers", 2048);
        var claimers = args.Int("claimers", 2);
        var take = args.Int("take", 500);
        var pg = args.Int("pg", 0) == 1;
        var rows = Rows(count, due, dueSeconds);
        Console.WriteLine(Invariant($"wakeups: count={count:N0} due={due:N0} over {dueSeconds}s producers={producers} claimers={claimers} take={take} backend={(pg ? "postgresql" : "sqlite")} cores={Environment.ProcessorCount}"));
        return pg ? await RunPostgresAsync(rows, due, dueSeconds, producers, claimers, take) : await RunSqliteAsync(rows, due, dueSeconds, producers, claimers, take);
    }

    private static async Task<int> RunSqliteAsync(WakeUp[] rows, int due, double dueSeconds, int producers, int claimers, int take)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "pd-bench-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            double bytesPerEntry;
            ScheduleFigures schedule;
            ScanFigures scan;
            using (var index = new SqliteWakeUpIndex(Options.Create(new StorageOptions { DataDirectory = Path.Combine(directory, "engine") })))
            {
                schedule = await ScheduleAsync(index, rows, producers, () => index.CommitCount);
                bytesPerEntry = SqliteBytes(index.Path) / (double)rows.Length;
                scan = await ScanAsync(index, due, dueSeconds, claimers, take);
            }
            var baseline = SqliteBaseline(Path.Combine(directory, "baseline.db"), rows);
            Report(schedule, bytesPerEntry, scan, baseline, "raw Microsoft.Data.Sqlite, 1 thread, same table, index and 64 MiB cache, WAL + synchronous=FULL, 1,000 rows per transaction", rows.Length);
            return scan.Claimed == due ? 0 : 1;
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<int> RunPostgresAsync(WakeUp[] rows, int due, double dueSeconds, int producers, int claimers, int take)
    {
        await using var server = await ThrowawayPostgres.StartAsync();
        Console.WriteLine(Invariant($"postgresql={server.Version}"));
        var engineDb = await CreateDatabaseAsync(server, "engine");
        var baselineDb = await CreateDatabaseAsync(server, "baseline");
        ScheduleFigures schedule;
        ScanFigures scan;
        double bytesPerEntry;
        await using (var index = new PostgresWakeUpIndex(new PostgresOptions { ConnectionString = engineDb }, new PostgresSchemaGate(ct => PostgresSchema.EnsureAsync(engineDb, ct))))
        {
            schedule = await ScheduleAsync(index, rows, producers, () => index.CommitCount);
            await PgEventLogScenario.ExecuteAsync(engineDb, "VACUUM ANALYZE pd_wakeups");
            bytesPerEntry = await PgEventLogScenario.ScalarAsync(engineDb, "SELECT pg_total_relation_size('pd_wakeups')") / (double)rows.Length;
            scan = await ScanAsync(index, due, dueSeconds, claimers, take);
        }
        var baseline = await PostgresBaselineAsync(baselineDb, rows);
        Report(schedule, bytesPerEntry, scan, baseline, "Npgsql, 1 connection, plain INSERT statements into the same table and indexes, 1,000 per transaction (one batch)", rows.Length);
        return scan.Claimed == due ? 0 : 1;
    }

    /// <summary>Row i: every stride-th comes due within the scan window (in order), the rest over the following year.</summary>
    private static WakeUp[] Rows(int count, int due, double dueSeconds)
    {
        const int seed = 4;
        Console.WriteLine(Invariant($"seed={seed}"));
        var random = new Random(seed);
        var stride = Math.Max(1, count / Math.Max(1, due));
        var rows = new WakeUp[count];
        var soon = 0;
        for (var i = 0; i < count; i++)
        {
            var at = i % stride == 0 && soon < due
                ? Base + TimeSpan.FromSeconds(dueSeconds * soon++ / due)
                : Base + TimeSpan.FromSeconds(dueSeconds + 60 + random.NextDouble() * 365 * 86_400);
            rows[i] = new WakeUp("bench", "customer", "c" + i.ToString("D7", CultureInfo.InvariantCulture), "journey:welcome", at);
        }
        return rows;
    }

    private static async Task<ScheduleFigures> ScheduleAsync(IWakeUpIndex index, WakeUp[] rows, int producers, Func<long> commits)
    {
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var commits0 = commits();
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        var cpu0 = Environment.CpuUsage.TotalTime;
        await Task.WhenAll(Enumerable.Range(0, producers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < rows.Length)
                await index.ScheduleAsync([rows[i]]);
        })));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpu = (Environment.CpuUsage.TotalTime - cpu0).TotalMicroseconds;
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        return new ScheduleFigures(rows.Length / elapsed, elapsed, commits() - commits0, cpu / rows.Length, (heapAfter - heapBefore) / (double)rows.Length);
    }

    private static async Task<ScanFigures> ScanAsync(IWakeUpIndex index, int due, double dueSeconds, int claimers, int take)
    {
        // The index's clock: starts one second before the first due instant and runs at real speed.
        var lead = TimeSpan.FromSeconds(1);
        var started = Stopwatch.GetTimestamp();
        DateTimeOffset Now() => Base - lead + Stopwatch.GetElapsedTime(started);
        var stopAt = Base + TimeSpan.FromSeconds(dueSeconds + 20);
        var claimed = 0;
        var lease = TimeSpan.FromSeconds(30);
        var lateness = await Task.WhenAll(Enumerable.Range(0, claimers).Select(_ => Task.Run(async () =>
        {
            var mine = new List<long>(due / claimers + 1024);
            while (Volatile.Read(ref claimed) < due && Now() < stopAt)
            {
                var batch = await index.TakeDueAsync(Now(), take, lease);
                var at = Now();
                if (batch.Count == 0)
                {
                    var nextDue = await index.NextDueAsync();
                    var wait = nextDue is { } n ? n - Now() : TimeSpan.FromMilliseconds(50);
                    if (wait > TimeSpan.Zero)
                        await Task.Delay(wait < TimeSpan.FromMilliseconds(50) ? wait : TimeSpan.FromMilliseconds(50));
                    continue;
                }
                foreach (var c in batch)
                    mine.Add((at - c.WakeUp.DueAt).Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond);
                Interlocked.Add(ref claimed, batch.Count);
                await index.CompleteAsync(batch);
            }
            return mine;
        })));
        var elapsed = (Now() - Base).TotalSeconds;
        return new ScanFigures(claimed, claimed / Math.Max(elapsed, dueSeconds), new Latencies(lateness.SelectMany(l => l)), await index.NextDueAsync());
    }

    private static long SqliteBytes(string path)
    {
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            command.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();
        return new FileInfo(path).Length + (File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0);
    }

    private static double SqliteBaseline(string path, WakeUp[] rows)
    {
        var database = new SqliteDatabase(path, SqliteDurability.Full);
        database.EnsureSchema(WakeUpSql.SchemaVersion, WakeUpSql.Schema);
        using var connection = database.Open();
        using (var cache = connection.CreateCommand())
        {
            cache.CommandText = WakeUpSql.WriterCache;
            cache.ExecuteNonQuery();
        }
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO wakeups (tenant_id, kind, entity_id, key, due_at, ready_at, version) VALUES ($t, $k, $e, $y, $d, $d, $v);";
        foreach (var name in new[] { "$t", "$k", "$e", "$y", "$d", "$v" })
            insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        var started = Stopwatch.GetTimestamp();
        for (var offset = 0; offset < rows.Length; offset += 1_000)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            for (var i = offset; i < Math.Min(rows.Length, offset + 1_000); i++)
            {
                var p = insert.Parameters;
                (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value, p[5].Value) = (rows[i].TenantId, rows[i].Kind, rows[i].EntityId, rows[i].Key, rows[i].DueAt.UtcTicks, (long)i);
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        var perSecond = rows.Length / Stopwatch.GetElapsedTime(started).TotalSeconds;
        database.ClearPool();
        return perSecond;
    }

    private static async Task<double> PostgresBaselineAsync(string connectionString, WakeUp[] rows)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var started = Stopwatch.GetTimestamp();
        for (var offset = 0; offset < rows.Length; offset += 1_000)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using var batch = new NpgsqlBatch(connection, transaction);
            for (var i = offset; i < Math.Min(rows.Length, offset + 1_000); i++)
            {
                var command = new NpgsqlBatchCommand("INSERT INTO pd_wakeups (tenant_id, kind, entity_id, key, due_at, due_at_ticks, ready_at, version) VALUES ($1, $2, $3, $4, $5, 0, $5, $6)");
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = rows[i].TenantId });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = rows[i].Kind });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = rows[i].EntityId });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = rows[i].Key });
                command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = rows[i].DueAt.UtcDateTime });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = i });
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }
        return rows.Length / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static async Task<string> CreateDatabaseAsync(ThrowawayPostgres server, string name)
    {
        await server.CreateDatabaseAsync(name);
        var connectionString = server.ConnectionString(name);
        await PostgresSchema.EnsureAsync(connectionString, CancellationToken.None);
        return connectionString;
    }

    private static void Report(ScheduleFigures schedule, double bytesPerEntry, ScanFigures scan, double baseline, string baselineNote, int count)
    {
        Console.WriteLine(Invariant($"schedule: {schedule.PerSecond,10:N0} wake-ups/s ({count:N0} single-row calls in {schedule.Seconds:N1} s), {count / (double)Math.Max(1, schedule.Commits):N1} rows per commit, {schedule.CpuMicrosecondsPerRow:N1} µs CPU per wake-up"));
        Console.WriteLine(Invariant($"storage:  {bytesPerEntry:N0} bytes on disk per waiting entry (table + due index); {schedule.HeapBytesPerRow:N1} bytes of engine heap per entry after scheduling"));
        Console.WriteLine(Invariant($"due scan: {scan.Claimed:N0} claimed and completed, {scan.ClaimsPerSecond:N0} claims/s; lateness (claimed − due) p50 {scan.Lateness.PercentileMs(50):N1} ms, p99 {scan.Lateness.PercentileMs(99):N1} ms, max {scan.Lateness.MaxMs:N1} ms; next due after the scan: {scan.NextDue:O}"));
        Console.WriteLine(Invariant($"baseline: {baseline,10:N0} rows/s ({baselineNote})"));
        Console.WriteLine(Invariant($"ratio engine/baseline (schedule): {schedule.PerSecond / baseline:N2}"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record ScheduleFigures(double PerSecond, double Seconds, long Commits, double CpuMicrosecondsPerRow, double HeapBytesPerRow);

    private sealed record ScanFigures(int Claimed, double ClaimsPerSecond, Latencies Lateness, DateTimeOffset? NextDue);
}
