using PrivateDomain.Testing;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Gateway.Hosting;
using PrivateDomain.Grains.Telemetry;
using PrivateDomain.Postgres;
using PrivateDomain.Postgres.EventLog;
using PrivateDomain.Storage;

namespace PrivateDomain.Bench;

/// <summary>
/// Cluster mode's whole spine against embedded mode's, same run, same load: HTTP ingest → durable log (PostgreSQL
/// vs SQLite) → persistent-stream queues → customer grains (state on Orleans' ADO.NET storage vs SQLite). Per mode:
/// an open-loop phase at --rate (ack latency = event sent → durably committed and acknowledged, and how long until
/// grains applied everything), then a closed-loop phase that saturates ingestion. For cluster mode, B3 (pgbench
/// replaying the engine's insert at the engine's own rows per commit) gives the log's share of what PostgreSQL takes.
/// </summary>
internal static class ClusterScenario
{
    private const string Tenant = "bench";
    private const string Key = "bench-key-0123456789";

    public static async Task<int> RunAsync(BenchArgs a)
    {
        var options = new Options(a.Double("seconds", 10), a.Double("rate", 10_000), a.Int("batch", 50), a.Int("customers", 1_000),
            a.Double("saturate", 6), a.Int("posters", 32));
        await using var server = await ThrowawayPostgres.StartAsync();
        Console.WriteLine(Invariant($"cluster: {options.Rate:N0} events/s offered for {options.Seconds} s in HTTP batches of {options.Batch}, {options.Customers:N0} customers; then {options.Posters} closed-loop posters for {options.Saturate} s; {Environment.ProcessorCount} cores, PostgreSQL {server.Version}"));
        await server.CreateDatabaseAsync("engine");
        var engineDb = server.ConnectionString("engine");
        await PostgresSchema.EnsureAsync(engineDb, CancellationToken.None);

        var data = Directory.CreateTempSubdirectory("pd-bench-").FullName;
        Figures embedded, cluster;
        try
        {
            embedded = await RunModeAsync("embedded", options,
                [$"--Storage:DataDirectory={data}", "--Engine:SiloPort=11192", "--Engine:GatewayPort=30092"]);
        }
        finally
        {
            try { Directory.Delete(data, true); } catch (IOException) { }
        }
        if (a.Int("embedded-only", 0) == 1)
        {
            Print(embedded);
            return 0;
        }
        cluster = await RunModeAsync("cluster", options,
            ["--Engine:Mode=Cluster", $"--Postgres:ConnectionString={engineDb}", "--Engine:SiloPort=11193", "--Engine:GatewayPort=30093",
             "--Engine:ClusterId=bench", "--Engine:ServiceId=bench"]);

        await server.CreateDatabaseAsync("b3");
        var b3Db = server.ConnectionString("b3");
        await PostgresSchema.EnsureAsync(b3Db, CancellationToken.None);
        var rowsPerCommit = Math.Max(1, (int)Math.Round(cluster.RowsPerCommit));
        var b3 = new PgBenchBaseline(server, "b3", b3Db, clients: 8, threads: 2);
        await b3.RunSliceAsync(rowsPerCommit, (int)Math.Ceiling(options.Saturate));

        Print(embedded);
        Print(cluster);
        var clusterRowsPerSecond = cluster.Saturated.Events / cluster.Saturated.Elapsed.TotalSeconds;
        Console.WriteLine(Invariant($"B3:        {b3.RowsPerSecond:N0} rows/s (pgbench -c 8 -j 2, {rowsPerCommit} rows per transaction = the engine's rows per commit)"));
        Console.WriteLine(Invariant($"ratio:     cluster log rows/s / B3 = {clusterRowsPerSecond / b3.RowsPerSecond:N2} (target ≥ 0.8); cluster/embedded saturated ack rate = {clusterRowsPerSecond / (embedded.Saturated.Events / embedded.Saturated.Elapsed.TotalSeconds):N2}"));
        return embedded.Open.Errors + cluster.Open.Errors == 0 ? 0 : 1;
    }

    private static void Print(Figures f)
    {
        Console.WriteLine(Invariant($"{f.Mode,-9} open loop: acked {f.Open.Events:N0} events = {f.Open.Events / f.Open.Elapsed.TotalSeconds:N0}/s, non-202 {f.Open.Errors}; ack (event → durably committed) p50 {f.Open.Acks.PercentileMs(50):F1} ms, p99 {f.Open.Acks.PercentileMs(99):F1} ms, max {f.Open.Acks.MaxMs:F1} ms (client, from the intended send time); in the server (request → durable ack) p50 {f.OpenServerAcks.PercentileMs(50):F1} ms, p99 {f.OpenServerAcks.PercentileMs(99):F1} ms; log commit mean {f.OpenCommitMs:F1} ms (fsync included); all applied {f.OpenApplied.TotalMilliseconds:F0} ms after the last ack"));
        Console.WriteLine(Invariant($"{f.Mode,-9} saturated: acked {f.Saturated.Events / f.Saturated.Elapsed.TotalSeconds:N0} events/s, ack p50 {f.Saturated.Acks.PercentileMs(50):F1} ms, p99 {f.Saturated.Acks.PercentileMs(99):F1} ms; applied {f.SaturatedAppliedPerSecond:N0} events/s (all applied {f.SaturatedApplied.TotalMilliseconds:F0} ms after the last ack); non-202 {f.Saturated.Errors}{(f.RowsPerCommit > 0 ? $"; {f.RowsPerCommit:N1} rows per log commit" : "")}"));
    }

    private sealed record Options(double Seconds, double Rate, int Batch, int Customers, double Saturate, int Posters);

    private sealed record Figures(string Mode, HttpLoad.LoadResult Open, TimeSpan OpenApplied, double OpenCommitMs, Latencies OpenServerAcks, HttpLoad.LoadResult Saturated,
        TimeSpan SaturatedApplied, double SaturatedAppliedPerSecond, double RowsPerCommit);

    private static async Task<Figures> RunModeAsync(string mode, Options o, string[] args)
    {
        var app = EngineApp.Build(
            [.. args, "--urls=http://127.0.0.1:0", $"--Tenants:{Tenant}:IngestKey={Key}", "--Logging:LogLevel:Default=Warning"],
            environment: "Development", contentRoot: AppContext.BaseDirectory);
        await app.StartAsync();
        using var applied = new AppliedMeter();
        using var commitsOpen = new CommitMeter();
        using var serverAcks = new ServerAckMeter();
        try
        {
            var baseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = baseAddress };
            http.DefaultRequestHeaders.Authorization = new("Bearer", Key);
            (await http.PutAsJsonAsync($"/api/v1/tenants/{Tenant}/personas/{IngestScenario.Persona}", new { name = "Bench", agentIds = new[] { "ba1" } })).EnsureSuccessStatusCode();
            var log = app.Services.GetRequiredService<IEventLog>();

            var seed = new IngestEvents(o.Customers, 0, "seed");
            for (var i = 0; i < o.Customers; i += 500)
                await HttpLoad.PostAsync(http, Tenant, seed.Added(i, Math.Min(500, o.Customers - i)));
            // Warm-up at the measured rate (JIT tiers, pools, grain activations), not measured.
            await HttpLoad.OpenLoopAsync(http, Tenant, new IngestEvents(o.Customers, 0, "warm"), o.Rate, o.Batch, 3);
            await applied.WaitForAsync(log.LastSequence);

            commitsOpen.Reset();
            serverAcks.Reset();
            var open = await HttpLoad.OpenLoopAsync(http, Tenant, new IngestEvents(o.Customers, 0, "run"), o.Rate, o.Batch, o.Seconds);
            var openCommitMs = commitsOpen.MeanCommitMs;
            var openServerAcks = serverAcks.Snapshot();
            var openApplied = await applied.WaitForAsync(log.LastSequence);

            var commits0 = (log as PostgresEventLog)?.CommitCount ?? 0;
            var sequence0 = log.LastSequence;
            var appliedStart = Stopwatch.GetTimestamp();
            var saturated = await ClosedLoopAsync(http, new IngestEvents(o.Customers, 0, "sat"), o.Posters, o.Batch, o.Saturate);
            var saturatedApplied = await applied.WaitForAsync(log.LastSequence);
            var appliedSeconds = Stopwatch.GetElapsedTime(appliedStart).TotalSeconds;
            var commits = ((log as PostgresEventLog)?.CommitCount ?? 0) - commits0;
            var rowsPerCommit = commits == 0 ? 0 : (log.LastSequence - sequence0) / (double)commits;
            return new Figures(mode, open, openApplied, openCommitMs, openServerAcks, saturated, saturatedApplied, saturated.Events / appliedSeconds, rowsPerCommit);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>Posters that each send their next batch as soon as the last is acknowledged.</summary>
    private static async Task<HttpLoad.LoadResult> ClosedLoopAsync(HttpClient http, IngestEvents gen, int posters, int batch, double seconds)
    {
        var acks = new ConcurrentBag<long>();
        long events = 0;
        var errors = 0;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(seconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, posters).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                string body;
                lock (gen) body = gen.Next(batch);
                var sent = Stopwatch.GetTimestamp();
                var status = await HttpLoad.PostAsync(http, Tenant, body);
                acks.Add(Stopwatch.GetTimestamp() - sent);
                if (status == HttpStatusCode.Accepted) Interlocked.Add(ref events, batch);
                else
                {
                    Interlocked.Increment(ref errors);
                    await Task.Delay(10);
                }
            }
        })));
        return new HttpLoad.LoadResult(events, errors, Stopwatch.GetElapsedTime(start), new Latencies(acks));
    }

    /// <summary>The ingestion handler's own request → durable-ack time (pd.ingest.duration), without the client's queueing.</summary>
    private sealed class ServerAckMeter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<long> _ticks = new();

        public ServerAckMeter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == EngineTelemetry.Name && instrument.Name == "pd.ingest.duration")
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<double>((_, ms, _, _) => _ticks.Enqueue((long)(ms * Stopwatch.Frequency / 1000)));
            _listener.Start();
        }

        public void Reset() => _ticks.Clear();

        public Latencies Snapshot() => new(_ticks);

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>Counts events the customer grains applied (every bench event names a customer), from the engine's meter.</summary>
    private sealed class AppliedMeter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _applied;

        public AppliedMeter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == EngineTelemetry.Name && instrument.Name == "pd.grain.applied")
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, count, tags, _) =>
            {
                foreach (var tag in tags)
                    if (tag.Key == "stream" && Equals(tag.Value, "Customer")) Interlocked.Add(ref _applied, count);
            });
            _listener.Start();
        }

        /// <summary>Waits until customer grains applied every event up to <paramref name="lastSequence"/>; returns how long it took.</summary>
        public async Task<TimeSpan> WaitForAsync(long lastSequence)
        {
            var started = Stopwatch.GetTimestamp();
            while (Interlocked.Read(ref _applied) < lastSequence)
            {
                if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromMinutes(5))
                    throw new TimeoutException($"Grains applied {Interlocked.Read(ref _applied):N0} of {lastSequence:N0} events.");
                await Task.Delay(5);
            }
            return Stopwatch.GetElapsedTime(started);
        }

        public void Dispose() => _listener.Dispose();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
