using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PrivateDomain.Contracts;
using PrivateDomain.Gateway.ConsoleHub;
using PrivateDomain.Gateway.Hosting;
using PrivateDomain.Grains.Telemetry;
using PrivateDomain.Silo.Streams;
using PrivateDomain.Storage;

namespace PrivateDomain.Bench;

/// <summary>
/// Many consoles on one gateway: the embedded engine (gateway and silo) runs in this process, the consoles in a child
/// process (<see cref="ConsoleFleet"/>) so the gateway's memory per connection is its own. Agents are spread over
/// personas (consoles / personas agents each, one console per agent); every customer belongs to one persona. Events are
/// ingested over HTTP, open loop; chat n goes to a customer of persona n mod personas and is pushed to every console of
/// that persona. Push latency is client receive time minus the event batch's intended send time. The same-run baseline
/// sends the same chats on the same schedule straight through IHubContext to the same persona groups.
/// </summary>
internal static class ConsoleScenario
{
    internal const string Tenant = "bench";
    private const string Key = "bench-key-0123456789";

    internal static string PersonaId(int persona) => $"p{persona}";

    internal static string AgentId(int persona, int index) => $"a{persona}-{index}";

    private static string CustomerId(int persona, int index) => $"c{persona}-{index}";

    public static async Task<int> RunAsync(BenchArgs a)
    {
        if (a.Int("clients-port", 0) > 0) return await ConsoleFleet.RunAsync(a);
        var consoles = a.Int("consoles", 5_000);
        var personas = a.Int("personas", 500);
        var customers = a.Int("customers", 20);
        var rate = a.Double("rate", 2_000);
        var seconds = a.Double("seconds", 20);
        var batch = a.Int("batch", 20);
        var chatShare = a.Double("chat", 0.25);
        var connectRate = a.Double("connect-rate", 500);
        var warmup = a.Double("warmup", 2);
        if (consoles % personas != 0) throw new ArgumentException("--consoles must be a multiple of --personas.");
        var data = Directory.CreateTempSubdirectory("pd-bench-").FullName;
        Console.WriteLine($"consoles: {consoles:N0} consoles ({consoles / personas} agents on each of {personas:N0} personas, {customers} customers each), " +
                          $"connected at {connectRate:N0}/s; {rate:N0} events/s offered over HTTP for {seconds} s in batches of {batch}, {chatShare:P0} 1:1 chat; " +
                          $"{Environment.ProcessorCount} cores");
        var app = EngineApp.Build(
        [
            "--urls=http://127.0.0.1:0", $"--Storage:DataDirectory={data}", $"--Tenants:{Tenant}:IngestKey={Key}",
            "--Logging:LogLevel:Default=Warning", "--Engine:SiloPort=11193", "--Engine:GatewayPort=30093",
        ], environment: "Development", contentRoot: AppContext.BaseDirectory);
        await app.StartAsync();
        Process? child = null;
        try
        {
            var baseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = baseAddress };
            http.DefaultRequestHeaders.Authorization = new("Bearer", Key);
            var log = app.Services.GetRequiredService<IEventLog>();
            var queues = app.Services.GetRequiredService<IOptions<EventLogStreamOptions>>().Value.Queues;

            await Parallel.ForEachAsync(Enumerable.Range(0, personas), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (p, ct) =>
            {
                var agents = Enumerable.Range(0, consoles / personas).Select(k => AgentId(p, k)).ToList();
                (await http.PutAsJsonAsync($"/api/v1/tenants/{Tenant}/personas/{PersonaId(p)}", new { name = $"Bench {p}", agentIds = agents }, ct)).EnsureSuccessStatusCode();
            });
            var seed = Enumerable.Range(0, personas).SelectMany(p => Enumerable.Range(0, customers).Select(c => Event(
                $"seed-{p}-{c}", "customer.added", CustomerId(p, c), PersonaId(p), new { source = "bench" }))).ToList();
            foreach (var chunk in seed.Chunk(500))
            {
                var status = await HttpLoad.PostAsync(http, Tenant, JsonSerializer.Serialize(chunk));
                if (status != HttpStatusCode.Accepted) throw new InvalidOperationException($"Seeding customers answered {status}.");
            }
            await HttpLoad.DrainAsync(log, queues);
            await Task.Delay(500);

            var heapBefore = GC.GetTotalMemory(true);
            var workingSetBefore = WorkingSet();
            var port = baseAddress.Port;
            child = StartClients(port, consoles, personas, connectRate);
            var replies = Replies(child);
            var connected = await ExpectAsync(replies, "connected");
            await Task.Delay(2_000);
            var heapAfter = GC.GetTotalMemory(true);
            var workingSetAfter = WorkingSet();
            var up = connected.GetProperty("connected").GetInt32();
            Console.WriteLine($"connect:  {up:N0}/{consoles:N0} consoles up and synced (Hello, SyncPersona, SyncAgent; {connected.GetProperty("syncedItems").GetInt64():N0} feed items) " +
                              $"in {connected.GetProperty("seconds").GetDouble():F1} s, {connected.GetProperty("failures").GetInt32()} failures; per console " +
                              $"token+connect+sync p50 {Ms(connected, "ownP50")} ms, p99 {Ms(connected, "ownP99")} ms; from its scheduled start (open loop, queueing counts) " +
                              $"p50 {Ms(connected, "p50")} ms, p99 {Ms(connected, "p99")} ms, max {Ms(connected, "max")} ms");
            Console.WriteLine($"memory:   gateway+silo managed heap {(heapAfter - heapBefore) / Math.Max(1, up) / 1024.0:F1} KiB per connection " +
                              $"({(heapAfter - heapBefore) / 1024.0 / 1024:F0} MiB for {up:N0}; after full GC, idle), working set " +
                              $"{(workingSetAfter - workingSetBefore) / Math.Max(1, up) / 1024.0:F1} KiB per connection ({(workingSetAfter - workingSetBefore) / 1024.0 / 1024:F0} MiB)");

            if (warmup > 0)
            {
                await OpenLoopAsync(http, new ConsoleEvents(personas, customers, chatShare, "warm"), rate, batch, warmup);
                await HttpLoad.DrainAsync(log, queues);
                await Task.Delay(500);
            }

            await CommandAsync(child, replies, "run run", "ok");
            var gen = new ConsoleEvents(personas, customers, chatShare, "run");
            var cpuBefore = Environment.CpuUsage.TotalTime;
            var pauseBefore = GC.GetTotalPauseDuration();
            var gen2Before = GC.CollectionCount(2);
            var gen0Before = GC.CollectionCount(0);
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            using var meter = new EngineMeter();
            var probe = new StallProbe();
            var load = await OpenLoopAsync(http, gen, rate, batch, seconds);
            await probe.DisposeAsync();
            var cores = (Environment.CpuUsage.TotalTime - cpuBefore) / load.Elapsed;
            var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
            var collections = GC.CollectionCount(0) - gen0Before;
            var drain = await HttpLoad.DrainAsync(log, queues);
            var pushes = await CommandAsync(child, replies, $"report {gen.Chats} 5000", "report");
            var (pushLag, apply) = meter.Snapshot();
            Console.WriteLine($"engine:   acked {load.Events:N0} events in {load.Elapsed.TotalSeconds:F1} s = {load.Events / load.Elapsed.TotalSeconds:N0} events/s; " +
                              $"non-202 {load.Errors}; {cores:F2} of {Environment.ProcessorCount} cores busy in the engine process; ack p50 {load.Acks.PercentileMs(50):F1} ms, " +
                              $"p99 {load.Acks.PercentileMs(99):F1} ms, max {load.Acks.MaxMs:F1} ms; all applied {drain.TotalMilliseconds:F0} ms after the last ack");
            Console.WriteLine($"engine:   GC pauses {(GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds:F0} ms in total in {collections} collections, {GC.CollectionCount(2) - gen2Before} gen2; " +
                              $"allocated {allocated / load.Elapsed.TotalSeconds / 1048576:F1} MiB/s ({allocated / (double)load.Events / 1024:F1} KiB per event, the HTTP load sender included); " +
                              $"push notifier lag (feed → SignalR hand-off, oldest of a batch) p50 {pushLag.PercentileMs(50):F1} ms, p99 {pushLag.PercentileMs(99):F1} ms, max {pushLag.MaxMs:F1} ms; " +
                              $"grain apply p99 {apply.PercentileMs(99):F1} ms, max {apply.MaxMs:F1} ms");
            PrintPushes("engine:  ", gen.Chats, pushes);
            Console.WriteLine($"engine:   event age (from its occurredAt, stamped as sent) at each stage: {meter.Stages()}");
            Console.WriteLine($"engine:   {probe.Report()}");

            await CommandAsync(child, replies, "run base", "ok");
            var hub = app.Services.GetRequiredService<IHubContext<ConsoleHub>>();
            await BaselineAsync(hub, gen.Schedule, personas);
            var raw = await CommandAsync(child, replies, $"report {gen.Chats} 5000", "report");
            PrintPushes("baseline: raw IHubContext sends on the same schedule to the same persona groups;", gen.Chats, raw);
            Console.WriteLine($"ratio:    engine push p99 / raw SignalR p99 = {pushes.GetProperty("p99").GetDouble() / raw.GetProperty("p99").GetDouble():F2}; " +
                              $"acked/offered = {load.Events / load.Elapsed.TotalSeconds / rate:F2}");

            await QuitClientsAsync(child, replies);
            var clean = connected.GetProperty("failures").GetInt32() == 0 && load.Errors == 0
                        && pushes.GetProperty("lost").GetInt64() == 0 && pushes.GetProperty("doubled").GetInt64() == 0 && pushes.GetProperty("foreign").GetInt64() == 0;
            return clean ? 0 : 1;
        }
        finally
        {
            await TearDownAsync(child, app, data);
        }
    }

    /// <summary>Asks the console clients to stop and waits for their process to end.</summary>
    internal static async Task QuitClientsAsync(Process child, BlockingCollection<string> replies)
    {
        await CommandAsync(child, replies, "quit", "bye");
        await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Kills a client process still running, stops the embedded engine and deletes its data directory.</summary>
    internal static async Task TearDownAsync(Process? child, WebApplication app, string data)
    {
        if (child is { HasExited: false }) child.Kill();
        child?.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(data, true); } catch (IOException) { }
    }

    internal static void PrintPushes(string label, long chats, JsonElement r) =>
        Console.WriteLine($"{label} {chats:N0} chats → {r.GetProperty("received").GetInt64():N0}/{r.GetProperty("expected").GetInt64():N0} pushes received " +
                          $"(lost {r.GetProperty("lost").GetInt64()}, doubled {r.GetProperty("doubled").GetInt64()}, to a foreign persona's console {r.GetProperty("foreign").GetInt64()}, " +
                          $"other feed pushes {r.GetProperty("other").GetInt64():N0}); push p50 {Ms(r, "p50")} ms, p99 {Ms(r, "p99")} ms, max {Ms(r, "max")} ms; " +
                          $"client process {r.GetProperty("cpuSeconds").GetDouble():F1} CPU s; p99 by second of the run [{string.Join(' ', r.GetProperty("bySecond").EnumerateArray().Select(v => v.GetDouble().ToString("F0", CultureInfo.InvariantCulture)))}] ms" +
                          (r.TryGetProperty("stalls", out var stalls) && stalls.GetString() is { } s ? $"; in the client process: {s}" : ""));

    private static string Ms(JsonElement e, string name) => e.GetProperty(name).GetDouble().ToString("F1", CultureInfo.InvariantCulture);

    internal static long WorkingSet()
    {
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }

    internal static Process StartClients(int port, int consoles, int personas, double connectRate)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("No process path to start the clients with.");
        var psi = new ProcessStartInfo(host) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") psi.ArgumentList.Add(typeof(ConsoleScenario).Assembly.Location);
        foreach (var arg in new[]
                 {
                     "consoles", "--clients-port", port.ToString(CultureInfo.InvariantCulture), "--consoles", consoles.ToString(CultureInfo.InvariantCulture),
                     "--personas", personas.ToString(CultureInfo.InvariantCulture), "--connect-rate", connectRate.ToString(CultureInfo.InvariantCulture),
                 })
            psi.ArgumentList.Add(arg);
        return Process.Start(psi) ?? throw new InvalidOperationException("Could not start the console clients.");
    }

    /// <summary>The child's "@kind {json}" answers; anything else it prints is passed through.</summary>
    internal static BlockingCollection<string> Replies(Process child)
    {
        var replies = new BlockingCollection<string>();
        _ = Task.Run(async () =>
        {
            while (await child.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.StartsWith('@')) replies.Add(line);
                else Console.WriteLine("clients: " + line);
            }
            replies.CompleteAdding();
        });
        return replies;
    }

    internal static async Task<JsonElement> CommandAsync(Process child, BlockingCollection<string> replies, string command, string kind)
    {
        await child.StandardInput.WriteLineAsync(command);
        await child.StandardInput.FlushAsync();
        return await ExpectAsync(replies, kind);
    }

    internal static async Task<JsonElement> ExpectAsync(BlockingCollection<string> replies, string kind)
    {
        var line = await Task.Run(() => replies.TryTake(out var l, TimeSpan.FromMinutes(3)) ? l : null);
        if (line is null || !line.StartsWith($"@{kind} ", StringComparison.Ordinal))
            throw new InvalidOperationException($"The console clients answered '{line ?? "nothing"}' where '@{kind}' was expected.");
        return JsonDocument.Parse(line[(kind.Length + 2)..]).RootElement.Clone();
    }

    private static Task<HttpLoad.LoadResult> OpenLoopAsync(HttpClient http, ConsoleEvents gen, double rate, int batch, double seconds) =>
        HttpLoad.OpenLoopAsync(rate, batch, seconds, (_, due, start) => gen.Next(batch, due, due - start), body => HttpLoad.PostAsync(http, Tenant, body));

    /// <summary>The run's chats again, at the same offsets, as raw group sends of the same feed message shape.</summary>
    private static async Task BaselineAsync(IHubContext<ConsoleHub> hub, IReadOnlyList<(long Offset, int Chat)> schedule, int personas)
    {
        var start = Stopwatch.GetTimestamp();
        var sends = new List<Task>(schedule.Count);
        foreach (var (offset, chat) in schedule)
        {
            var due = start + offset;
            var wait = due - Stopwatch.GetTimestamp();
            if (wait > 0) await Task.Delay(TimeSpan.FromTicks(wait * TimeSpan.TicksPerSecond / Stopwatch.Frequency));
            var persona = PersonaId(chat % personas);
            var item = new ConsoleItem(chat, ConsoleItemKinds.DirectMessage, DateTimeOffset.UtcNow, CustomerId(chat % personas, 0), null, persona, null,
                ConsoleEvents.Text(due, "base", chat), null);
            sends.Add(hub.Clients.Group(ConsoleGroups.Persona(Tenant, persona)).SendAsync("feed", new FeedMessage("persona", persona, item)));
        }
        await Task.WhenAll(sends);
    }

    /// <summary>The engine's own push lag (pd.push.lag) and grain apply time (pd.grain.apply.duration) during the run.</summary>
    private sealed class EngineMeter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<long> _pushLag = new();
        private readonly ConcurrentQueue<long> _apply = new();
        private readonly ConcurrentDictionary<string, ConcurrentQueue<long>> _ages = new();

        public EngineMeter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == EngineTelemetry.Name && instrument.Name is "pd.push.lag" or "pd.grain.apply.duration"
                        or "pd.stream.event_age" or "pd.grain.event_age" or "pd.push.item_age")
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<double>((instrument, ms, tags, _) =>
            {
                var ticks = (long)(ms * Stopwatch.Frequency / 1000);
                switch (instrument.Name)
                {
                    case "pd.push.lag": _pushLag.Enqueue(ticks); break;
                    case "pd.grain.apply.duration": _apply.Enqueue(ticks); break;
                    default:
                        var tag = tags.Length > 0 ? tags[0].Value as string : null;
                        _ages.GetOrAdd(tag is null ? instrument.Name : $"{instrument.Name}/{tag}", _ => new()).Enqueue(ticks);
                        break;
                }
            });
            _listener.Start();
        }

        public (Latencies PushLag, Latencies Apply) Snapshot() => (new(_pushLag), new(_apply));

        /// <summary>Where a chat's time goes: its age when read from the log, when its persona applies it, when SignalR has it.</summary>
        public string Stages()
        {
            string Stage(string label, string key) => _ages.TryGetValue(key, out var q) && new Latencies(q) is { Count: > 0 } l
                ? $"{label} p50 {l.PercentileMs(50):F1} / p99 {l.PercentileMs(99):F1} ms"
                : $"{label} (none)";
            return string.Join("; ", Stage("read from the log", "pd.stream.event_age"), Stage("persona starts applying", "pd.grain.event_age/Persona"),
                Stage("customer starts applying", "pd.grain.event_age/Customer"), Stage("SignalR has the chat", $"pd.push.item_age/{ConsoleItemKinds.DirectMessage}"));
        }

        public void Dispose() => _listener.Dispose();
    }

    private static Dictionary<string, object?> Event(string id, string type, string customer, string? persona, object data) => new()
    {
        ["id"] = id, ["type"] = type, ["customerId"] = customer, ["personaId"] = persona,
        ["occurredAt"] = DateTimeOffset.UtcNow.ToString("O"), ["data"] = data,
    };

    /// <summary>Event batches: chat n to a customer of persona n mod personas, stamped with the batch's intended send time.</summary>
    private sealed class ConsoleEvents(int personas, int customers, double chatShare, string tag)
    {
        private readonly Random _rng = new(20261122);
        private readonly List<(long Offset, int Chat)> _schedule = [];
        private long _n;

        public int Chats { get; private set; }

        public IReadOnlyList<(long Offset, int Chat)> Schedule => _schedule;

        public static string Text(long due, string tag, int chat) =>
            string.Create(CultureInfo.InvariantCulture, $"ts:{due} r:{tag} e:{chat} 你好");

        public string Next(int count, long due, long offset) => JsonSerializer.Serialize(Enumerable.Range(0, count).Select(_ =>
        {
            var id = $"{tag}-{_n++}";
            if (_rng.NextDouble() >= chatShare)
                return Event(id, "behavior.page_view", CustomerId(_rng.Next(personas), _rng.Next(customers)), null, new { title = "bench" });
            var chat = Chats++;
            _schedule.Add((offset, chat));
            return Event(id, "chat.message", CustomerId(chat % personas, _rng.Next(customers)), PersonaId(chat % personas), new { text = Text(due, tag, chat) });
        }).ToList());
    }
}
