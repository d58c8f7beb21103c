using PrivateDomain.Testing;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PrivateDomain.Postgres;
using PrivateDomain.Postgres.EventLog;

namespace PrivateDomain.Bench;

/// <summary>
/// Cluster mode's event log: N producers append batches of B events to a PostgresEventLog on a throwaway
/// PostgreSQL; reports durably acknowledged events/s, append latency and rows per commit, against the same-run
/// baseline B3 (pgbench replaying the engine's insert). Engine and B3 run in alternating slices (--rounds), so
/// load from anything else on the machine hits both alike.
/// </summary>
internal static class PgEventLogScenario
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var seconds = args.Double("seconds", 12);
        var warmup = args.Double("warmup", 2);
        var rounds = Math.Max(1, args.Int("rounds", 3));
        var producers = args.Int("producers", 64);
        var batch = args.Int("batch", 10);
        var clients = args.Int("clients", 8);
        var threads = args.Int("threads", 2);
        var slice = Math.Max(1, (int)Math.Round(seconds / rounds));
        await using var server = await ThrowawayPostgres.StartAsync();
        Console.WriteLine(Invariant($"pg-eventlog: producers={producers} batch={batch} rounds={rounds}×{slice}s warmup={warmup}s cores={Environment.ProcessorCount} postgresql={server.Version}"));

        var engineDb = await CreateDatabaseAsync(server, "engine");
        var baselineDb = await CreateDatabaseAsync(server, "baseline");
        var commitSizeDb = await CreateDatabaseAsync(server, "baseline_commit");
        await using var engine = await EngineRun.StartAsync(engineDb, producers, batch);
        await engine.RunSliceAsync(warmup, record: false);

        var b3Batch = new PgBenchBaseline(server, "baseline", baselineDb, clients, threads);
        var b3Commit = new PgBenchBaseline(server, "baseline_commit", commitSizeDb, clients, threads);
        for (var r = 0; r < rounds; r++)
        {
            await engine.RunSliceAsync(slice, record: true);
            await b3Batch.RunSliceAsync(batch, slice);
            await b3Commit.RunSliceAsync(Math.Max(1, (int)Math.Round(engine.RowsPerCommit)), slice);
        }
        var figures = await engine.StopAsync();

        Console.WriteLine(Invariant($"engine:   {figures.EventsPerSecond,10:N0} events/s durably acknowledged ({figures.EventsPerSecond / batch:N0} appends/s of {batch}), {figures.Commits:N0} commits, {figures.RowsPerCommit:N1} rows ({figures.RowsPerCommit / batch:N1} appends) per commit, {figures.MeanCommitMs:N2} ms per commit, {figures.CpuMicrosecondsPerEvent:N1} µs engine-process CPU per event"));
        Console.WriteLine(Invariant($"latency:  append (event → durably committed) p50 {figures.Latency.PercentileMs(50):N2} ms, p99 {figures.Latency.PercentileMs(99):N2} ms, max {figures.Latency.MaxMs:N2} ms ({figures.Latency.Count:N0} appends)"));
        Console.WriteLine(Invariant($"check:    {figures.Logged:N0} rows logged, sequences 1..{figures.LastSequence:N0}, gap-free: {figures.GapFree}"));
        Console.WriteLine(Invariant($"B3 batch: {b3Batch.RowsPerSecond,10:N0} rows/s (pgbench -c {clients} -j {threads}, {batch} rows per transaction = the producers' batch, {b3Batch.Transactions:N0} transactions)"));
        Console.WriteLine(Invariant($"B3 commit:{b3Commit.RowsPerSecond,10:N0} rows/s (pgbench -c {clients} -j {threads}, {b3Commit.RowsPerTransaction:N0} rows per transaction = the engine's rows per commit, {b3Commit.Transactions:N0} transactions)"));
        Console.WriteLine(Invariant($"ratio engine/B3: {figures.EventsPerSecond / b3Batch.RowsPerSecond:N2} at the producers' batch size; {figures.EventsPerSecond / b3Commit.RowsPerSecond:N2} at the engine's rows per commit (target ≥ 0.8)"));
        return figures.GapFree ? 0 : 1;
    }

    private static async Task<string> CreateDatabaseAsync(ThrowawayPostgres server, string name)
    {
        await server.CreateDatabaseAsync(name);
        var connectionString = server.ConnectionString(name);
        await PostgresSchema.EnsureAsync(connectionString, CancellationToken.None);
        return connectionString;
    }

    internal static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    internal static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The engine under test: the log and its producers, appending only while a slice is open.</summary>
    private sealed class EngineRun : IAsyncDisposable
    {
        private readonly string _connectionString;
        private readonly PostgresEventLog _log;
        private readonly CommitMeter _meter = new();
        private readonly List<long> _latencies = [];
        private readonly BenchEvents[] _generators;
        private readonly int _batch;
        private double _seconds;
        private long _events, _commits;
        private TimeSpan _cpu;

        private EngineRun(string connectionString, PostgresEventLog log, int producers, int batch)
        {
            _connectionString = connectionString;
            _log = log;
            _generators = [.. Enumerable.Range(0, producers).Select(p => new BenchEvents(p))];
            _batch = batch;
        }

        public double RowsPerCommit => _commits == 0 ? _batch : _events / (double)_commits;

        public static async Task<EngineRun> StartAsync(string connectionString, int producers, int batch)
        {
            var schema = new PostgresSchemaGate(ct => PostgresSchema.EnsureAsync(connectionString, ct));
            var log = new PostgresEventLog(new PostgresOptions { ConnectionString = connectionString }, schema, NullLogger.Instance, PostgresEventLog.DefaultHeadPollInterval);
            await log.Ready;
            return new EngineRun(connectionString, log, producers, batch);
        }

        public async Task RunSliceAsync(double seconds, bool record)
        {
            var frequency = Stopwatch.Frequency;
            var stopAt = Stopwatch.GetTimestamp() + (long)(seconds * frequency);
            var (sequence0, commits0, time0, cpu0) = (_log.LastSequence, _log.CommitCount, Stopwatch.GetTimestamp(), Environment.CpuUsage.TotalTime);
            var running = _generators.Select(events => Task.Run(async () =>
            {
                var latencies = new List<long>(capacity: 1024);
                while (Stopwatch.GetTimestamp() < stopAt)
                {
                    var started = Stopwatch.GetTimestamp();
                    await _log.AppendAsync("bench", events.Batch(_batch));
                    latencies.Add(Stopwatch.GetTimestamp() - started);
                }
                return latencies;
            })).ToArray();
            var latencies = await Task.WhenAll(running);
            var (sequence1, commits1, time1, cpu1) = (_log.LastSequence, _log.CommitCount, Stopwatch.GetTimestamp(), Environment.CpuUsage.TotalTime);
            if (!record)
                return;
            _seconds += (time1 - time0) / (double)frequency;
            _events += sequence1 - sequence0;
            _commits += commits1 - commits0;
            _cpu += cpu1 - cpu0;
            foreach (var l in latencies) _latencies.AddRange(l);
        }

        public async Task<EngineFigures> StopAsync()
        {
            var last = _log.LastSequence;
            var logged = await ScalarAsync(_connectionString, "SELECT count(*) FROM pd_events");
            var gapFree = logged == last && await ScalarAsync(_connectionString, "SELECT COALESCE(MIN(seq), 1) FROM pd_events") == 1;
            return new EngineFigures(
                _events / _seconds,
                _commits,
                RowsPerCommit,
                new Latencies(_latencies),
                _meter.MeanCommitMs,
                _events == 0 ? 0 : _cpu.TotalMicroseconds / _events,
                logged,
                last,
                gapFree);
        }

        public async ValueTask DisposeAsync()
        {
            await _log.DisposeAsync();
            _meter.Dispose();
        }
    }

    private sealed record EngineFigures(
        double EventsPerSecond,
        long Commits,
        double RowsPerCommit,
        Latencies Latency,
        double MeanCommitMs,
        double CpuMicrosecondsPerEvent,
        long Logged,
        long LastSequence,
        bool GapFree);
}
