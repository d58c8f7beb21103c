using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PrivateDomain.Storage;
using PrivateDomain.Storage.Sqlite;

namespace PrivateDomain.Bench;

/// <summary>
/// N producers append batches of B events to a fresh event log for a fixed time; reports acknowledged
/// events/s and append latency, then a same-run raw-SQLite baseline of the same rows.
/// </summary>
internal static class EventLogScenario
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var seconds = args.Double("seconds", 10);
        var warmup = args.Double("warmup", 1);
        var producers = args.Int("producers", 64);
        var batch = args.Int("batch", 10);
        var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "pd-bench-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            Console.WriteLine(Invariant($"eventlog: producers={producers} batch={batch} seconds={seconds} warmup={warmup} cores={Environment.ProcessorCount} dir={directory}"));
            // Warm the JIT on the shared paths (event generation, Microsoft.Data.Sqlite) before either is measured.
            SqliteBaseline.RowsPerSecond(Path.Combine(directory, "warmup.db"), 100, warmup, producers, batch);
            var engine = await RunEngineAsync(Path.Combine(directory, "engine"), producers, batch, seconds, warmup);
            var rowsPerTransaction = Math.Max(1, (int)Math.Round(engine.EventsPerCommit));
            var (baseline, baselineCpu) = SqliteBaseline.RowsPerSecond(Path.Combine(directory, "baseline.db"), rowsPerTransaction, seconds, producers, batch);

            Console.WriteLine(Invariant($"engine:   {engine.EventsPerSecond,12:N0} events/s acknowledged ({engine.AppendsPerSecond:N0} appends/s), {engine.Commits:N0} commits, {engine.AppendsPerCommit:N1} appends / {engine.EventsPerCommit:N1} events per commit, {engine.MeanCommitMs:N2} ms per commit, {engine.CpuMicrosecondsPerEvent:N1} µs CPU per event"));
            Console.WriteLine(Invariant($"latency:  p50 {engine.Latency.PercentileMs(50):N2} ms, p99 {engine.Latency.PercentileMs(99):N2} ms, max {engine.Latency.MaxMs:N2} ms ({engine.Latency.Count:N0} appends)"));
            Console.WriteLine(Invariant($"baseline: {baseline,12:N0} rows/s (raw Microsoft.Data.Sqlite, 1 thread, WAL + synchronous=FULL, {rowsPerTransaction} rows per transaction, {baselineCpu:N1} µs CPU per row)"));
            Console.WriteLine(Invariant($"ratio engine/baseline: {engine.EventsPerSecond / baseline:N2}"));
            return 0;
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<EngineFigures> RunEngineAsync(string directory, int producers, int batch, double seconds, double warmup)
    {
        using var meter = new CommitMeter();
        await using var log = new SqliteEventLog(
            Options.Create(new StorageOptions { DataDirectory = directory }),
            NullLogger<SqliteEventLog>.Instance);
        var frequency = Stopwatch.Frequency;
        var measureFrom = Stopwatch.GetTimestamp() + (long)(warmup * frequency);
        var stopAt = measureFrom + (long)(seconds * frequency);

        var running = Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            var events = new BenchEvents(p);
            var latencies = new List<long>(capacity: 4096);
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var started = Stopwatch.GetTimestamp();
                await log.AppendAsync("bench", events.Batch(batch));
                if (started >= measureFrom)
                    latencies.Add(Stopwatch.GetTimestamp() - started);
            }
            return latencies;
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(warmup));
        var (sequence0, commits0, time0, cpu0) = (log.LastSequence, log.CommitCount, Stopwatch.GetTimestamp(), Environment.CpuUsage.TotalTime);
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var (sequence1, commits1, time1, cpu1) = (log.LastSequence, log.CommitCount, Stopwatch.GetTimestamp(), Environment.CpuUsage.TotalTime);
        var latencies = new Latencies((await Task.WhenAll(running)).SelectMany(l => l));

        var elapsed = (time1 - time0) / (double)frequency;
        var events = sequence1 - sequence0;
        var commits = commits1 - commits0;
        return new EngineFigures(
            events / elapsed,
            events / (double)batch / elapsed,
            commits,
            commits == 0 ? 0 : events / (double)batch / commits,
            commits == 0 ? 0 : events / (double)commits,
            latencies,
            meter.MeanCommitMs,
            events == 0 ? 0 : (cpu1 - cpu0).TotalMicroseconds / events);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record EngineFigures(
        double EventsPerSecond,
        double AppendsPerSecond,
        long Commits,
        double AppendsPerCommit,
        double EventsPerCommit,
        Latencies Latency,
        double MeanCommitMs,
        double CpuMicrosecondsPerEvent);
}
