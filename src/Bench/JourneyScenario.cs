using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using PrivateDomain.Gateway.Hosting;
using PrivateDomain.Gateway.Ingestion;
using PrivateDomain.Grains.Telemetry;
using PrivateDomain.Storage;

namespace PrivateDomain.Bench;

/// <summary>
/// Journeys in the embedded engine (issue #4), in process, over HTTP. (1) Event → journey action: a journey entered
/// on <c>customer.added</c> whose first step sends a service message; new customers arrive open loop at --rate; the
/// latency is from the event's intended send time to the moment its outbox row is seen by a 1 ms tail of
/// <c>outbox.db</c> (rowid &gt; last, a separate read-only connection). Baseline: the same rate of
/// <c>behavior.page_view</c> (no journey), ack latency. (2) --waiting customers enter the same journey and end in its
/// 30-day wait: managed heap and bytes on disk per waiting customer, active and after forced deactivation (1 s age
/// limit, repeated; a management-call timeout is reported and the activation count polled), and time
/// until all waits are in <c>wakeups.db</c>; baseline: as many customers added without a journey. (3) Wake-up
/// lateness: --due customers enter a second journey (tag, wait 1m, message) over --due-seconds; when the waits
/// come due, lateness from <c>pd.wakeup.lateness</c> (taken − due) and end to end (post-wait outbox created_at −
/// (event occurredAt + 60 s): journeys decide with the event's occurredAt, so the wait is due exactly then).
/// </summary>
internal static class JourneyScenario
{
    private const string Tenant = "bench";
    private const string Key = "bench-key-0123456789";
    private const string Persona = "p-bench";
    private static readonly TimeSpan DueWait = TimeSpan.FromMinutes(1);

    public static async Task<int> RunAsync(BenchArgs a)
    {
        var rate = a.Double("rate", 5_000);
        var seconds = a.Double("seconds", 5);
        var warmup = a.Double("warmup", 20);
        var batch = a.Int("batch", 20);
        var waiting = a.Int("waiting", 20_000);
        var plainCount = a.Int("plain", waiting);
        var due = a.Int("due", 2_000);
        var dueSeconds = a.Double("due-seconds", 10);
        var deactivateLimit = TimeSpan.FromSeconds(a.Double("deactivate-seconds", 60));
        Console.WriteLine(Invariant($"journeys: {rate:N0} events/s for {seconds} s in HTTP batches of {batch}; {waiting:N0} waiting customers; {due:N0} 1-minute waits entered over {dueSeconds} s; {Environment.ProcessorCount} cores, embedded (SQLite)"));

        var data = Directory.CreateTempSubdirectory("pd-bench-journeys-").FullName;
        var app = EngineApp.Build(
            [$"--Storage:DataDirectory={data}", "--Engine:SiloPort=11194", "--Engine:GatewayPort=30094", "--urls=http://127.0.0.1:0",
             $"--Tenants:{Tenant}:IngestKey={Key}", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Orleans=Error", "--Logging:LogLevel:PrivateDomain.Grains.Grains=Error"],
            environment: "Development", contentRoot: AppContext.BaseDirectory);
        await app.StartAsync();
        var failures = 0;
        try
        {
            using var lateness = new HistogramMeter("pd.wakeup.lateness");
            using var applied = new CounterMeter("pd.grain.applied"); // customer grains only
            using var effectFailures = new CounterMeter("pd.grain.effect.failures", customerOnly: false);
            var baseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = baseAddress };
            http.DefaultRequestHeaders.Authorization = new("Bearer", Key);
            (await http.PutAsJsonAsync($"/api/v1/tenants/{Tenant}/personas/{Persona}", new { name = "Bench", agentIds = new[] { "ba1" } })).EnsureSuccessStatusCode();
            // Keeps the default quiet hours; no minimum gap, so a warm customer's offer is not deferred behind its welcome.
            (await http.PutAsync($"/api/v1/tenants/{Tenant}/cadence-policy",
                new StringContent("""{ "timezone": "Asia/Shanghai", "quietHours": { "start": "21:30", "end": "08:30" }, "caps": [] }""", Encoding.UTF8, "application/json")))
                .EnsureSuccessStatusCode();
            await PublishAsync(http, "bench-wait", WaitJourney());
            await PublishAsync(http, "bench-offer", OfferJourney());
            await PublishAsync(http, "bench-due", DueJourney());
            await Task.Delay(1000);
            await using var tail = new OutboxTail(Path.Combine(data, "outbox.db"));
            var ingest = a.String("ingest", "http");
            s_inProcess = ingest == "inproc" ? app.Services.GetRequiredService<IEventLog>() : null;
            Console.WriteLine($"          events enter {(s_inProcess is null ? "over HTTP" : "in process (embedded producer: the ingestion endpoint's validation and durable append, no HTTP)")}");

            // 1. Event → journey action, with the plain-event baseline. Warm-up (not measured) first.
            // Tiered JIT compiles the hot paths during the first tens of seconds (a quarter of the CPU in a profile of a
            // 1-second warm-up): warm both paths at a rate the engine sustains, so the runs measure a warmed engine.
            var warmRate = Math.Min(rate, 1_000);
            await OpenLoopAsync(http, warmRate, batch, warmup / 2, i => Added($"warm-{i}", "journey", DateTimeOffset.UtcNow));
            await OpenLoopAsync(http, warmRate, batch, warmup / 2, i => Event($"warmpv-{i}", "behavior.page_view", $"warm-{i % 1000}", null, DateTimeOffset.UtcNow, new { title = "bench" }));
            await tail.WaitForCountAsync(tail.Count, TimeSpan.Zero);
            await Task.Delay(2000);
            var plain = await OpenLoopAsync(http, rate, batch, seconds, i => Event($"pv-{i}", "behavior.page_view", $"warm-{i % 10_000}", null, DateTimeOffset.UtcNow, new { title = "bench" }));
            await Task.Delay(2000);
            tail.Track("run-");
            var journey = await OpenLoopAsync(http, rate, batch, seconds, i => Added($"run-{i}", "journey", DateTimeOffset.UtcNow), tail.SentAt);
            var seen = await tail.WaitForTrackedAsync(journey.Events, TimeSpan.FromSeconds(60));
            var actions = tail.TrackedLatencies();
            Console.WriteLine(Invariant($"baseline  behavior.page_view (no journey): acked {plain.Events:N0} = {plain.Events / plain.Elapsed.TotalSeconds:N0}/s, non-202 {plain.Errors}; ack p50 {plain.Acks.PercentileMs(50):F1} ms, p99 {plain.Acks.PercentileMs(99):F1} ms, max {plain.Acks.MaxMs:F1} ms"));
            Console.WriteLine(Invariant($"journey   customer.added → send_message:   acked {journey.Events:N0} = {journey.Events / journey.Elapsed.TotalSeconds:N0}/s, non-202 {journey.Errors}; ack p50 {journey.Acks.PercentileMs(50):F1} ms, p99 {journey.Acks.PercentileMs(99):F1} ms, max {journey.Acks.MaxMs:F1} ms"));
            Console.WriteLine(Invariant($"journey   event → outbox row (intended send → row seen by the 1 ms tail): {actions.Count:N0} of {journey.Events:N0} rows{(seen ? "" : " (TIMED OUT)")}; p50 {actions.PercentileMs(50):F1} ms, p99 {actions.PercentileMs(99):F1} ms, max {actions.MaxMs:F1} ms (target p99 ≤ 20 ms)"));
            if (!seen || journey.Errors + plain.Errors > 0) failures++;

            // 1b. Existing (active) customers: a page view whose data enters the offer journey, each customer once.
            await Task.Delay(2000);
            tail.Track("warm-");
            var gc0 = GcSnapshot.Take();
            var warmCustomers = (int)Math.Min(Math.Max(1_000, warmRate * warmup / 2), rate * seconds);
            var offers = await OpenLoopAsync(http, rate, batch, Math.Min(seconds, warmCustomers / rate),
                i => Event($"offer-{i}", "behavior.page_view", $"warm-{i}", null, DateTimeOffset.UtcNow, new { title = "offer" }), tail.SentAt);
            var offersSeen = await tail.WaitForTrackedAsync(offers.Events, TimeSpan.FromSeconds(60));
            var offerActions = tail.TrackedLatencies();
            Console.WriteLine("          GC during the active-customer run: " + GcSnapshot.Take().Since(gc0));
            Console.WriteLine(Invariant($"journey   behavior.page_view (active customers) → send_message: acked {offers.Events:N0} = {offers.Events / offers.Elapsed.TotalSeconds:N0}/s, non-202 {offers.Errors}; ack p50 {offers.Acks.PercentileMs(50):F1} ms, p99 {offers.Acks.PercentileMs(99):F1} ms"));
            Console.WriteLine(Invariant($"journey   event → outbox row: {offerActions.Count:N0} of {offers.Events:N0} rows{(offersSeen ? "" : " (TIMED OUT)")}; p50 {offerActions.PercentileMs(50):F1} ms, p99 {offerActions.PercentileMs(99):F1} ms, max {offerActions.MaxMs:F1} ms (target p99 ≤ 20 ms)"));
            if (!offersSeen || offers.Errors > 0) failures++;
            Console.WriteLine(Invariant($"          effect failures so far (pd.grain.effect.failures, retried): {effectFailures.Value:N0}"));

            // 2. Waiting customers: plain customers first (baseline), then as many entering the 30-day wait.
            if (a.Int("latency-only", 0) == 1) return failures == 0 ? 0 : 1;
            try
            {
                var management = app.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
                var files = new DiskFiles(data);
                var d0 = await DeactivateAllAsync(management, deactivateLimit);
                Console.WriteLine(Invariant($"          before part 2: {d0.Left:N0} activations left after {d0.Took.TotalSeconds:F1} s of forced collection{(d0.TimedOut ? " (management call timed out)" : "")}"));
                var heap0 = Heap();
                var disk0 = files.Bytes();
                var applied0 = applied.Value;
                var plainStarted = Stopwatch.GetTimestamp();
                await PostAllAsync(http, plainCount, i => Added($"plain-{i}", "plain", DateTimeOffset.UtcNow));
                await applied.WaitForAsync(applied0 + plainCount, TimeSpan.FromMinutes(10));
                var plainElapsed = Stopwatch.GetElapsedTime(plainStarted);
                await Task.Delay(1000);
                var heapPlainActive = Heap();
                var plainActivations = await management.GetTotalActivationCount();
                var (plainRemaining, plainDeactivation, plainTimedOut) = await DeactivateAllAsync(management, deactivateLimit);
                var heapPlainIdle = Heap();
                var disk1 = files.Bytes();

                var wakeups0 = files.WakeUpCount();
                var applied1 = applied.Value;
                var scheduleStarted = Stopwatch.GetTimestamp();
                await PostAllAsync(http, waiting, i => Added($"wait-{i}", "journey", DateTimeOffset.UtcNow));
                await files.WaitForWakeUpsAsync(wakeups0 + waiting, TimeSpan.FromMinutes(10));
                var scheduleElapsed = Stopwatch.GetElapsedTime(scheduleStarted);
                await applied.WaitForAsync(applied1 + waiting, TimeSpan.FromMinutes(5));
                await Task.Delay(1000);
                var heapActive = Heap();
                var waitActivations = await management.GetTotalActivationCount();
                if (a.Double("hold-active", 0) is > 0 and var hold)
                {
                    // Time to take a heap dump of the active waiting customers (e.g. dotnet-trace with GCHeapDump).
                    Console.WriteLine(Invariant($"          holding {hold} s with the waiting customers active (pid {Environment.ProcessId})"));
                    await Task.Delay(TimeSpan.FromSeconds(hold));
                }
                var (waitRemaining, waitDeactivation, waitTimedOut) = await DeactivateAllAsync(management, deactivateLimit);
                var heapIdle = Heap();
                var disk2 = files.Bytes();
                double PerCustomer(long bytes) => bytes / (double)waiting;
                double PerPlain(long bytes) => bytes / (double)plainCount;
                Console.WriteLine(Invariant($"baseline  {plainCount:N0} customers added, no journey: {plainCount / plainElapsed.TotalSeconds:N0}/s applied; heap/customer active {PerPlain(heapPlainActive - heap0):N0} B ({plainActivations:N0} activations), after deactivation {PerPlain(heapPlainIdle - heap0):N0} B ({plainRemaining:N0} activations left); disk/customer {PerPlain(disk1 - disk0):N0} B"));
                Console.WriteLine(Invariant($"journey   {waiting:N0} customers in a 30-day wait: all waits in wakeups.db after {scheduleElapsed.TotalSeconds:F1} s = {waiting / scheduleElapsed.TotalSeconds:N0}/s; heap/customer active {PerCustomer(heapActive - heapPlainIdle):N0} B ({waitActivations:N0} activations), after deactivation {PerCustomer(heapIdle - heapPlainIdle):N0} B ({waitRemaining:N0} left) (targets ≤ 8 KiB / ≤ 2 KiB); disk/customer {PerCustomer(disk2 - disk1):N0} B (state.db + wakeups.db + outbox.db, WAL included)"));
                Console.WriteLine(Invariant($"          disk by file: {files.Describe()}"));
                Console.WriteLine(Invariant($"          effect failures so far: {effectFailures.Value:N0}"));
                Console.WriteLine(Invariant($"          forced deactivation took {plainDeactivation.TotalSeconds:F1} s (plain){(plainTimedOut ? ", management call timed out" : "")} and {waitDeactivation.TotalSeconds:F1} s (waiting){(waitTimedOut ? ", management call timed out" : "")}"));
            }
            catch (Exception e)
            {
                failures++;
                Console.WriteLine($"part 2 FAILED: {e.GetType().Name}: {e.Message}");
            }

            // 3. Wake-up lateness: customers enter a 1-minute wait over --due-seconds; measure when they come due.
            try
            {
                tail.Track("due-");
                var occurred = new ConcurrentDictionary<string, DateTimeOffset>();
                var entered = await OpenLoopAsync(http, due / dueSeconds, batch, dueSeconds, i =>
                {
                    var at = DateTimeOffset.UtcNow;
                    occurred[$"due-{i}"] = at;
                    return Added($"due-{i}", "due", at);
                });
                lateness.Reset();
                Console.WriteLine(Invariant($"          {entered.Events:N0} customers entered the 1-minute wait; waiting for them to come due…"));
                var woke = await tail.WaitForTrackedAsync(entered.Events, DueWait + TimeSpan.FromSeconds(dueSeconds + 60));
                var endToEnd = tail.SecondRowLateness(occurred, DueWait);
                var taken = lateness.Snapshot();
                Console.WriteLine(Invariant($"wake-ups  {taken.Count:N0} taken from the index; lateness (taken − due, pd.wakeup.lateness) p50 {taken.PercentileMs(50):F1} ms, p99 {taken.PercentileMs(99):F1} ms, max {taken.MaxMs:F1} ms"));
                Console.WriteLine(Invariant($"wake-ups  {endToEnd.Decided.Count:N0} post-wait messages{(woke ? "" : " (TIMED OUT)")}; due → decided (outbox created_at) p50 {endToEnd.Decided.PercentileMs(50):F1} ms, p99 {endToEnd.Decided.PercentileMs(99):F1} ms, max {endToEnd.Decided.MaxMs:F1} ms; due → row seen p50 {endToEnd.Seen.PercentileMs(50):F1} ms, p99 {endToEnd.Seen.PercentileMs(99):F1} ms, max {endToEnd.Seen.MaxMs:F1} ms"));
                Console.WriteLine(Invariant($"          effect failures so far: {effectFailures.Value:N0}"));
                if (!woke) failures++;
            }
            catch (Exception e)
            {
                failures++;
                Console.WriteLine($"part 3 FAILED: {e.GetType().Name}: {e.Message}");
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(data, true); } catch (IOException) { }
        }
        return failures == 0 ? 0 : 1;
    }

    private static object WaitJourney() => Journey("bench-wait", "journey", [
        new { id = "hello", type = "action", action = new { type = "send_message", kind = "text", @class = "service", template = "Welcome {{customer.name}}" }, next = "month" },
        new { id = "month", type = "wait", duration = "30d", next = "done" },
        new { id = "done", type = "exit" }]);

    private static object OfferJourney() => new
    {
        id = "bench-offer", name = "bench-offer", version = 1, timezone = "Asia/Shanghai",
        entry = new { type = "event", @event = "behavior.page_view", filters = new[] { new { path = "data.title", op = "eq", value = "offer" } } },
        reentry = new { mode = "never" }, maxConcurrent = 1, start = "offer",
        steps = new object[]
        {
            new { id = "offer", type = "action", action = new { type = "send_message", kind = "text", @class = "service", template = "Your offer, {{customer.name}}" }, next = "done" },
            new { id = "done", type = "exit" },
        },
    };

    private static object DueJourney() => Journey("bench-due", "due", [
        // Not a message: the default cadence policy's 30-minute minimum gap would defer a second message a minute later.
        new { id = "hello", type = "action", action = new { type = "add_tag", tag = "bench-due" }, next = "minute" },
        new { id = "minute", type = "wait", duration = "1m", next = "again" },
        new { id = "again", type = "action", action = new { type = "send_message", kind = "text", @class = "service", template = "One minute later" }, next = "done" },
        new { id = "done", type = "exit" }]);

    private static object Journey(string id, string source, object[] steps) => new
    {
        id, name = id, version = 1, timezone = "Asia/Shanghai",
        entry = new { type = "event", @event = "customer.added", filters = new[] { new { path = "data.source", op = "eq", value = source } } },
        reentry = new { mode = "never" }, maxConcurrent = 1, start = "hello", steps,
    };

    private static async Task PublishAsync(HttpClient http, string id, object definition)
    {
        using var draft = await http.PutAsJsonAsync($"/api/v1/tenants/{Tenant}/journeys/{id}/draft", definition);
        var text = await draft.Content.ReadAsStringAsync();
        if (!draft.IsSuccessStatusCode || text.Contains("\"valid\":false", StringComparison.Ordinal))
            throw new InvalidOperationException($"draft {id}: {(int)draft.StatusCode} {text}");
        using var publish = await http.PostAsync($"/api/v1/tenants/{Tenant}/journeys/{id}/publish", null);
        if (!publish.IsSuccessStatusCode)
            throw new InvalidOperationException($"publish {id}: {(int)publish.StatusCode} {await publish.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// The default cadence policy's quiet hours (21:30–08:30 local) apply to service messages too, so every bench
    /// customer gets a fixed-offset time zone in which it is now early afternoon.
    /// </summary>
    private static readonly string Zone = ZoneAtAfternoon(DateTimeOffset.UtcNow);

    private static string ZoneAtAfternoon(DateTimeOffset now)
    {
        var offset = 13 - now.UtcDateTime.Hour;
        if (offset < -12) offset += 24;
        if (offset > 14) offset -= 24;
        // Etc/GMT-N is UTC+N (POSIX sign).
        return offset == 0 ? "Etc/UTC" : offset > 0 ? $"Etc/GMT-{offset}" : $"Etc/GMT+{-offset}";
    }

    private static Dictionary<string, object?> Added(string customer, string source, DateTimeOffset at) =>
        Event($"{customer}-added", "customer.added", customer, Persona, at, new { source, properties = new Dictionary<string, string> { ["timezone"] = Zone } });

    private static Dictionary<string, object?> Event(string id, string type, string customer, string? persona, DateTimeOffset at, object data) => new()
    {
        ["id"] = id, ["type"] = type, ["customerId"] = customer, ["personaId"] = persona, ["occurredAt"] = at.ToString("O", CultureInfo.InvariantCulture), ["data"] = data,
    };

    /// <summary>
    /// With <c>--ingest inproc</c> the bench is an embedded producer: the same validation and durable append the HTTP
    /// endpoint runs (<see cref="EventBatchParser"/>, <see cref="IEventLog.AppendAsync"/>), without the HTTP client and
    /// server sharing the cores. Null: over HTTP.
    /// </summary>
    private static IEventLog? s_inProcess;

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, string body)
    {
        return s_inProcess is { } log ? await HttpLoad.AppendInProcessAsync(log, Tenant, body) : await HttpLoad.PostAsync(http, Tenant, body);
    }

    /// <summary>Open loop: batch n is due at start + n·batch/rate; its events' send time is that intended instant.</summary>
    private static Task<HttpLoad.LoadResult> OpenLoopAsync(HttpClient http, double rate, int batch, double seconds,
        Func<long, Dictionary<string, object?>> make, ConcurrentDictionary<string, long>? sentAt = null) =>
        HttpLoad.OpenLoopAsync(rate, batch, seconds, (n, due, _) =>
        {
            var list = new List<Dictionary<string, object?>>(batch);
            for (var i = 0; i < batch; i++)
            {
                var e = make(n * batch + i);
                sentAt?.TryAdd((string)e["customerId"]!, due);
                list.Add(e);
            }
            return JsonSerializer.Serialize(list);
        }, body => PostAsync(http, body));

    /// <summary>Closed loop, 8 posters, batches of 500, until <paramref name="count"/> events are acknowledged.</summary>
    private static async Task PostAllAsync(HttpClient http, int count, Func<int, Dictionary<string, object?>> make)
    {
        var next = -500;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var from = Interlocked.Add(ref next, 500); from < count; from = Interlocked.Add(ref next, 500))
            {
                var body = JsonSerializer.Serialize(Enumerable.Range(from, Math.Min(500, count - from)).Select(make).ToList());
                HttpStatusCode status;
                while ((status = await HttpLoad.PostAsync(http, Tenant, body)) != HttpStatusCode.Accepted)
                    await Task.Delay(50);
            }
        })));
    }

    /// <summary>
    /// Forces collection of activations idle for ≥ 1 s, then polls the activation count until it stops falling (or
    /// --deactivate-seconds pass). The management call awaits every deactivation (each flushes write-behind state) and
    /// gives up after the 30 s response timeout while collection goes on in the silo, so a timeout is reported, not
    /// thrown. Returns the activations left (system ones included) and how long it took.
    /// </summary>
    private static async Task<(int Left, TimeSpan Took, bool TimedOut)> DeactivateAllAsync(IManagementGrain management, TimeSpan limit)
    {
        var started = Stopwatch.GetTimestamp();
        var timedOut = false;
        var left = int.MaxValue;
        var stable = 0;
        while (Stopwatch.GetElapsedTime(started) < limit)
        {
            try { await management.ForceActivationCollection(TimeSpan.FromSeconds(1)); }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                timedOut = true;
                Console.WriteLine(Invariant($"          (ForceActivationCollection: {e.GetType().Name} after {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s; polling the activation count)"));
            }
            await Task.Delay(1000);
            int now;
            try { now = await management.GetTotalActivationCount(); }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException) { continue; }
            stable = now >= left - 10 ? stable + 1 : 0;
            left = now;
            if (stable >= 2) break;
        }
        return (left, Stopwatch.GetElapsedTime(started), timedOut);
    }

    private static long Heap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>Reads new outbox rows by rowid every millisecond through a read-only connection, noting when each was first seen.</summary>
    private sealed class OutboxTail : IAsyncDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private readonly ConcurrentDictionary<string, List<(long Seen, long CreatedTicks)>> _rows = new();
        private string _prefix = "\0";
        private long _count;

        public OutboxTail(string path)
        {
            _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            _connection.Open();
            _loop = Task.Run(LoopAsync);
        }

        public ConcurrentDictionary<string, long> SentAt { get; private set; } = new();

        public long Count => Interlocked.Read(ref _count);

        public void Track(string prefix)
        {
            SentAt = new();
            _rows.Clear();
            Volatile.Write(ref _prefix, prefix);
        }

        private async Task LoopAsync()
        {
            long last = 0;
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT rowid, customer_id, created_at FROM outbox WHERE rowid > $last ORDER BY rowid";
            var parameter = command.Parameters.Add("$last", SqliteType.Integer);
            while (!_stop.IsCancellationRequested)
            {
                parameter.Value = last;
                var prefix = Volatile.Read(ref _prefix);
                using (var reader = command.ExecuteReader())
                {
                    var seen = Stopwatch.GetTimestamp();
                    while (reader.Read())
                    {
                        last = reader.GetInt64(0);
                        Interlocked.Increment(ref _count);
                        var customer = reader.IsDBNull(1) ? "" : reader.GetString(1);
                        if (!customer.StartsWith(prefix, StringComparison.Ordinal)) continue;
                        var list = _rows.GetOrAdd(customer, _ => new List<(long, long)>(2));
                        lock (list) list.Add((seen, reader.GetInt64(2)));
                    }
                }
                try { await Task.Delay(1, _stop.Token); } catch (OperationCanceledException) { }
            }
        }

        public int TrackedRows => _rows.Values.Sum(l => { lock (l) return l.Count; });

        public async Task<bool> WaitForTrackedAsync(long rows, TimeSpan timeout)
        {
            var started = Stopwatch.GetTimestamp();
            while (TrackedRows < rows)
            {
                if (Stopwatch.GetElapsedTime(started) > timeout) return false;
                await Task.Delay(50);
            }
            return true;
        }

        public async Task WaitForCountAsync(long _, TimeSpan settle)
        {
            // Until the outbox is quiet for 500 ms.
            var before = -1L;
            while (Count != before)
            {
                before = Count;
                await Task.Delay(500 + (int)settle.TotalMilliseconds);
            }
        }

        /// <summary>Per tracked customer: its first row seen − its event's intended send time.</summary>
        public Latencies TrackedLatencies() => new(_rows.Select(kv =>
        {
            lock (kv.Value) return SentAt.TryGetValue(kv.Key, out var sent) ? kv.Value[0].Seen - sent : -1;
        }).Where(t => t >= 0));

        /// <summary>Per tracked customer with a (post-wait) row: created_at − due, and seen − due.</summary>
        public (Latencies Decided, Latencies Seen) SecondRowLateness(ConcurrentDictionary<string, DateTimeOffset> occurred, TimeSpan wait)
        {
            var decided = new List<long>();
            var seenLate = new List<long>();
            var nowWall = DateTimeOffset.UtcNow;
            var nowTicks = Stopwatch.GetTimestamp();
            foreach (var (customer, list) in _rows)
            {
                lock (list)
                {
                    if (list.Count < 1 || !occurred.TryGetValue(customer, out var at)) continue;
                    var dueAt = at + wait;
                    var second = list.MaxBy(r => r.CreatedTicks);
                    decided.Add(ToStopwatch(new DateTimeOffset(second.CreatedTicks, TimeSpan.Zero) - dueAt));
                    var seenWall = nowWall - TimeSpan.FromTicks((nowTicks - second.Seen) * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
                    seenLate.Add(ToStopwatch(seenWall - dueAt));
                }
            }
            return (new Latencies(decided), new Latencies(seenLate));
        }

        private static long ToStopwatch(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try { await _loop; } catch (OperationCanceledException) { }
            await _connection.DisposeAsync();
            _stop.Dispose();
        }
    }

    /// <summary>The engine's files that a waiting customer costs: grain state, wake-up index, outbox (WAL files included).</summary>
    private sealed class DiskFiles(string directory)
    {
        private static readonly string[] Names = ["state.db", "wakeups.db", "outbox.db"];

        public long Bytes()
        {
            Checkpoint();
            return Names.Sum(n => Size(n) + Size(n + "-wal"));
        }

        public string Describe() => string.Join(", ", Names.Select(n => Invariant($"{n} {Size(n) / 1048576.0:F1} MiB + WAL {Size(n + "-wal") / 1048576.0:F1} MiB")));

        private long Size(string name)
        {
            var file = new FileInfo(Path.Combine(directory, name));
            return file.Exists ? file.Length : 0;
        }

        private void Checkpoint()
        {
            foreach (var name in Names)
            {
                try
                {
                    using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, name)};Pooling=False;Default Timeout=5");
                    connection.Open();
                    using var command = connection.CreateCommand();
                    command.CommandText = "PRAGMA busy_timeout = 5000; PRAGMA wal_checkpoint(TRUNCATE);";
                    command.ExecuteNonQuery();
                }
                catch (SqliteException) { }
            }
        }

        public long WakeUpCount()
        {
            using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "wakeups.db")};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM wakeups";
            return (long)command.ExecuteScalar()!;
        }

        public async Task WaitForWakeUpsAsync(long count, TimeSpan timeout)
        {
            var started = Stopwatch.GetTimestamp();
            while (WakeUpCount() < count)
            {
                if (Stopwatch.GetElapsedTime(started) > timeout) throw new TimeoutException($"wakeups.db holds {WakeUpCount():N0} of {count:N0}.");
                await Task.Delay(100);
            }
        }
    }

    private sealed class HistogramMeter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<long> _ticks = new();

        public HistogramMeter(string name)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == EngineTelemetry.Name && instrument.Name == name) listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<double>((_, ms, _, _) => _ticks.Enqueue((long)(ms * Stopwatch.Frequency / 1000)));
            _listener.Start();
        }

        public void Reset() => _ticks.Clear();

        public Latencies Snapshot() => new(_ticks);

        public void Dispose() => _listener.Dispose();
    }

    private sealed class CounterMeter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _value;

        public CounterMeter(string name, bool customerOnly = true)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == EngineTelemetry.Name && instrument.Name == name) listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, count, tags, _) =>
            {
                if (!customerOnly) Interlocked.Add(ref _value, count);
                else
                    foreach (var tag in tags)
                        if (tag.Key == "stream" && Equals(tag.Value, "Customer")) Interlocked.Add(ref _value, count);
            });
            _listener.Start();
        }

        public long Value => Interlocked.Read(ref _value);

        public async Task WaitForAsync(long value, TimeSpan timeout)
        {
            var started = Stopwatch.GetTimestamp();
            while (Value < value)
            {
                if (Stopwatch.GetElapsedTime(started) > timeout) throw new TimeoutException($"applied {Value:N0} of {value:N0}.");
                await Task.Delay(20);
            }
        }

        public void Dispose() => _listener.Dispose();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Collections and pause time so far, to tell GC pauses from engine latency.</summary>
internal readonly record struct GcSnapshot(int Gen0, int Gen1, int Gen2, TimeSpan Paused)
{
    public static GcSnapshot Take() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public string Since(GcSnapshot before) => FormattableString.Invariant(
        $"gen0 {Gen0 - before.Gen0}, gen1 {Gen1 - before.Gen1}, gen2 {Gen2 - before.Gen2}, paused {(Paused - before.Paused).TotalMilliseconds:F0} ms");
}
