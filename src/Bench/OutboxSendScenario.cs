using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PrivateDomain.Contracts;
using PrivateDomain.Silo.Channels;
using PrivateDomain.Silo.Channels.Throttling;
using PrivateDomain.Storage;
using PrivateDomain.Storage.Sqlite;

namespace PrivateDomain.Bench;

/// <summary>
/// The outbox lane's throttle (issue 6): N pending messages across P personas go through one lane to a channel
/// adapter that does nothing, once with token buckets whose ceilings are too high to bind and once with no throttle
/// (the same-run baseline), each on a fresh SQLite outbox. Reports sends/s and process CPU per send for both, and the
/// throttle's own CPU per send measured alone (persona token, channel token, outcome report, over P personas).
/// </summary>
internal static class OutboxSendScenario
{
    private static readonly DateTimeOffset Created = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var count = args.Int("count", 100_000);
        var personas = args.Int("personas", 1_000);
        var concurrency = args.Int("concurrency", 16);
        var batch = args.Int("batch", 1_000);
        var rounds = args.Int("rounds", 3);
        Console.WriteLine(Invariant($"outbox-send: count={count:N0} personas={personas:N0} concurrency={concurrency} batch={batch} rounds={rounds} backend=sqlite cores={Environment.ProcessorCount}"));

        // Ceilings that never bind, so the figure is the throttle's cost, not its pacing.
        var throttled = new OutboxChannelOptions { Concurrency = concurrency, RatePerSecond = 100_000, Burst = 100_000, PersonaRatePerSecond = 100_000, PersonaBurst = 100_000 };
        var plain = new OutboxChannelOptions { Concurrency = concurrency };
        // Warm both paths up, then alternate so that drift on a shared machine falls on both alike.
        await RunLaneAsync(plain, Math.Max(1, count / 10), personas, batch);
        await RunLaneAsync(throttled, Math.Max(1, count / 10), personas, batch);
        var offRuns = new List<LaneFigures>();
        var onRuns = new List<LaneFigures>();
        for (var round = 0; round < rounds; round++)
        {
            offRuns.Add(await RunLaneAsync(plain, count, personas, batch));
            onRuns.Add(await RunLaneAsync(throttled, count, personas, batch));
            Console.WriteLine(Invariant($"  round {round + 1}: off {offRuns[^1].Rate:N0} sends/s, on {onRuns[^1].Rate:N0} sends/s"));
        }
        var off = Mean(offRuns);
        var on = Mean(onRuns);
        // Alone it runs far faster than any channel: ceilings past the options' range, same work per call.
        var alone = ThrottleAlone(new OutboxChannelOptions { RatePerSecond = 1e12, Burst = int.MaxValue, PersonaRatePerSecond = 1e12, PersonaBurst = int.MaxValue }, count, personas);

        Console.WriteLine(Invariant($"  mean, throttle off (baseline): {off.Rate,10:N0} sends/s  {off.CpuMicros,6:F1} µs CPU/send  ({off.Seconds:F2} s)"));
        Console.WriteLine(Invariant($"  mean, throttle on, high caps : {on.Rate,10:N0} sends/s  {on.CpuMicros,6:F1} µs CPU/send  ({on.Seconds:F2} s)  deferred={on.Deferred}"));
        Console.WriteLine(Invariant($"  throttle alone               : {alone:F3} µs CPU/send (persona token + channel token + report, {personas:N0} personas)"));
        var backlog = args.Int("backlog", 100_000);
        var backlogOk = backlog <= 0 || await BacklogAsync(backlog, args.Int("looks", 200));
        return on.Deferred == 0 && backlogOk ? 0 : 1;
    }

    // The lane's look before outbox schema 4 (the same-run baseline): both statements filtered every pending message
    // of the channel, so a backlog deferred into the future was stepped over on every look.
    private const string NextDueBefore4 = """
        SELECT COALESCE(MAX(next_attempt_at IS NULL), 0), MIN(next_attempt_at)
        FROM outbox WHERE status = 'pending' AND channel = $channel;
        """;

    private const string DueBefore4 = """
        SELECT delivery_id FROM outbox
        WHERE status = 'pending' AND channel = $channel AND (next_attempt_at IS NULL OR next_attempt_at <= $now)
        ORDER BY created_at, rowid
        LIMIT $limit;
        """;

    /// <summary>
    /// One persona's backlog of <paramref name="backlog"/> messages put back into the future (as the lane puts back a
    /// persona past its rate), plus one due message of another persona: the time of one look of the lane (when is the
    /// next due, then read what is due) through the outbox, and with the pre-v4 statements on the same file.
    /// </summary>
    private static async Task<bool> BacklogAsync(int backlog, int looks)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "pd-bench-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            using var outbox = new SqliteOutbox(Options.Create(new StorageOptions { DataDirectory = directory }));
            await Parallel.ForEachAsync(Enumerable.Range(0, backlog), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, ct) =>
                await outbox.EnqueueAsync(new OutboxMessage($"slow{i}", "bench", "wecom", "slow", $"c{i}", null, null, "text", "hello",
                    Created.AddTicks(i), OutboxStatus.Pending, null), ct));
            foreach (var chunk in Enumerable.Range(0, backlog).Chunk(1_000))
                await outbox.DeferAsync([.. chunk.Select(i => new OutboxDeferral("bench", $"slow{i}", Created.AddHours(1).AddMilliseconds(50 * i)))]);
            await outbox.EnqueueAsync(new OutboxMessage("fast", "bench", "wecom", "quick", "c", null, null, "text", "hello", Created.AddMinutes(1), OutboxStatus.Pending, null));
            var now = Created.AddMinutes(2);

            var after = Stopwatch.StartNew();
            var seen = 0;
            for (var i = 0; i < looks; i++)
            {
                await outbox.WaitForDueAsync("wecom", TimeProvider.System, TimeSpan.FromSeconds(1), CancellationToken.None);
                seen += (await outbox.ReadDueAsync("wecom", now, 100)).Count;
            }
            after.Stop();

            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={SqliteFiles.PathOf(new StorageOptions { DataDirectory = directory }, SqliteFiles.Outbox)}");
            await connection.OpenAsync();
            var before = Stopwatch.StartNew();
            var seenBefore = 0;
            for (var i = 0; i < looks; i++)
            {
                await using (var next = connection.CreateCommand())
                {
                    next.CommandText = NextDueBefore4;
                    next.Parameters.AddWithValue("$channel", "wecom");
                    await using var reader = await next.ExecuteReaderAsync();
                    await reader.ReadAsync();
                }
                await using var due = connection.CreateCommand();
                due.CommandText = DueBefore4;
                due.Parameters.AddWithValue("$channel", "wecom");
                due.Parameters.AddWithValue("$now", now.UtcTicks);
                due.Parameters.AddWithValue("$limit", 100);
                await using var rows = await due.ExecuteReaderAsync();
                while (await rows.ReadAsync()) seenBefore++;
            }
            before.Stop();
            var ok = seen == looks && seenBefore == looks;
            Console.WriteLine(Invariant($"  backlog: one persona's {backlog:N0} messages put back into the future + 1 due; one lane look (next due + read due), {looks} looks:"));
            Console.WriteLine(Invariant($"    schema 4 (due indexes)      : {after.Elapsed.TotalMilliseconds * 1_000 / looks,10:F1} µs per look{(ok ? "" : " (WRONG ROWS)")}"));
            Console.WriteLine(Invariant($"    before schema 4 (baseline)  : {before.Elapsed.TotalMilliseconds * 1_000 / looks,10:F1} µs per look; ratio {before.Elapsed / after.Elapsed:F0}x"));
            return ok;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private sealed record LaneFigures(double Seconds, double Rate, double CpuMicros, int Deferred);

    private static LaneFigures Mean(List<LaneFigures> runs) =>
        new(runs.Average(r => r.Seconds), runs.Average(r => r.Rate), runs.Average(r => r.CpuMicros), runs.Sum(r => r.Deferred));

    private static async Task<LaneFigures> RunLaneAsync(OutboxChannelOptions channel, int count, int personas, int batch)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "pd-bench-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            using var outbox = new SqliteOutbox(Options.Create(new StorageOptions { DataDirectory = directory }));
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, ct) =>
                await outbox.EnqueueAsync(new OutboxMessage($"d{i}", "bench", "wecom", $"p{i % personas}", $"c{i}", null, null, "text", "hello",
                    Created.AddTicks(i), OutboxStatus.Pending, null), ct));

            var options = new OutboxOptions { BatchSize = batch, PollInterval = TimeSpan.FromSeconds(1) };
            options.Channels["wecom"] = channel;
            var adapter = new NoOpAdapter();
            var lane = new OutboxLane(outbox, adapter, options, TimeProvider.System, NullLogger.Instance);
            using var stop = new CancellationTokenSource();
            long deferred = 0;
            using var listener = new MeterListener();
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "pd.outbox.throttled") l.EnableMeasurementEvents(instrument);
            };
            listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref deferred, value));
            listener.Start();
            var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var running = Task.Run(() => lane.RunAsync(stop.Token));
            while ((await outbox.PendingChannelsAsync()).Count > 0)
            {
                if (running.IsCompleted) throw new InvalidOperationException("the lane stopped", running.Exception);
                await Task.Delay(5);
            }
            var seconds = clock.Elapsed.TotalSeconds;
            process.Refresh();
            var cpuMicros = (process.TotalProcessorTime - cpu).TotalMicroseconds / count;
            await stop.CancelAsync();
            try { await running; } catch (OperationCanceledException) { }
            var notSent = (await outbox.QueryAsync("bench", null, null, count)).Count(m => m.Status != OutboxStatus.Sent);
            if (adapter.Sends != count || notSent > 0) throw new InvalidOperationException($"{adapter.Sends} sends for {count} messages, {notSent} not sent");
            return new LaneFigures(seconds, count / seconds, cpuMicros, (int)Interlocked.Read(ref deferred));
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>The throttle's work per send with nothing else: CPU time over many rounds, single thread.</summary>
    private static double ThrottleAlone(OutboxChannelOptions channel, int count, int personas)
    {
        var throttle = new SendThrottle(channel, TimeProvider.System);
        var names = Enumerable.Range(0, personas).Select(p => $"p{p}").ToArray();
        var rounds = Math.Max(count, 1_000_000);
        for (var i = 0; i < 10_000; i++) Once(throttle, names[i % personas]);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++) Once(throttle, names[i % personas]);
        clock.Stop();
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        // CPU time has a coarse tick on some systems; on one thread wall time bounds it well.
        return Math.Min(used.TotalMicroseconds, clock.Elapsed.TotalMicroseconds) / rounds;
    }

    private static void Once(SendThrottle throttle, string persona)
    {
        if (throttle.TryAcquirePersona("bench", persona) is not null) throw new InvalidOperationException("a ceiling bound");
        var wait = throttle.WaitChannelAsync(CancellationToken.None);
        if (!wait.IsCompletedSuccessfully) throw new InvalidOperationException("the channel ceiling bound");
        throttle.Report("bench", persona, ChannelSendResult.Success);
    }

    private sealed class NoOpAdapter : IChannelAdapter
    {
        private int _sends;

        public int Sends => Volatile.Read(ref _sends);

        public string Channel => "wecom";

        public Task<ChannelSendResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _sends);
            return Task.FromResult(ChannelSendResult.Success);
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
