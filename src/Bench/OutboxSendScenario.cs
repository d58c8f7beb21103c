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
        return on.Deferred == 0 ? 0 : 1;
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
