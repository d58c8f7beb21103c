using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace PrivateDomain.Bench;

/// <summary>
/// The client side of the "consoles" scenario, run in its own process so that the gateway's memory per connection
/// is not mixed with the clients' own. Opens one real SignalR console (WebSockets, dev token) per agent at a fixed
/// rate, signs in like the web console (Hello, then SyncPersona and SyncAgent), then obeys line commands on stdin
/// and answers on stdout with "@" lines:
/// <c>run &lt;tag&gt;</c> forgets what was received and counts only chat pushes tagged so from now on;
/// <c>report &lt;chats&gt; &lt;quietMs&gt;</c> waits until every console has every chat of its persona (or nothing new
/// arrived for quietMs) and reports latency, lost, doubled and foreign pushes; <c>quit</c> closes the consoles.
/// Chat n goes to persona n mod personas (see <see cref="ConsoleScenario"/>), so each console knows what it must get.
/// Latency uses Stopwatch ticks, CLOCK_MONOTONIC on Linux, which both processes share.
/// </summary>
internal sealed class ConsoleFleet(int personaCount)
{
    private readonly ConcurrentQueue<long> _latencies = new();
    private readonly ConcurrentQueue<(long Sent, long Latency)> _timeline = new();
    private TimeSpan _cpuAtRun;
    private StallProbe? _probe;
    private volatile string _tag = "none";
    private long _other;

    private sealed class Tracked(int persona)
    {
        public readonly int Persona = persona;
        public readonly HashSet<int> Seen = [];
        public int Doubled;
        public int Foreign;
        public HubConnection? Connection;
    }

    private readonly List<Tracked> _consoles = [];

    public static async Task<int> RunAsync(BenchArgs a)
    {
        var port = a.Int("clients-port", 0);
        // The measuring instrument must not stall: thousands of consoles in one process make a large heap, and a
        // blocking full collection here (300 ms seen) would be counted as push latency. Full collections run in the
        // background instead; the per-second pauses of this process are reported beside its latencies.
        GCSettings.LatencyMode = GCLatencyMode.SustainedLowLatency;
        var personas = a.Int("personas", 500);
        var consoles = a.Int("consoles", 5_000);
        var connectRate = a.Double("connect-rate", 500);
        var fleet = new ConsoleFleet(personas);
        var connected = await fleet.ConnectAsync(new Uri($"http://127.0.0.1:{port}"), personas, consoles, connectRate);
        Reply("connected", connected);
        while (await Console.In.ReadLineAsync() is { } line)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0) continue;
            switch (parts[0])
            {
                case "run":
                    await fleet.ResetAsync(parts[1]);
                    Reply("ok", new { });
                    break;
                case "report":
                    Reply("report", await fleet.ReportAsync(int.Parse(parts[1], CultureInfo.InvariantCulture),
                        TimeSpan.FromMilliseconds(int.Parse(parts[2], CultureInfo.InvariantCulture))));
                    break;
                case "quit":
                    await fleet.CloseAsync();
                    Reply("bye", new { });
                    return 0;
            }
        }
        await fleet.CloseAsync();
        return 0;
    }

    private static void Reply(string kind, object body) => Console.Out.WriteLine($"@{kind} {JsonSerializer.Serialize(body)}");

    private async Task<object> ConnectAsync(Uri baseAddress, int personas, int consoles, double connectRate)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 }) { BaseAddress = baseAddress };
        var perPersona = consoles / personas;
        var took = new ConcurrentQueue<long>();
        var handshakes = new ConcurrentQueue<long>();
        var failures = 0;
        long syncedItems = 0;
        var errors = new ConcurrentQueue<string>();
        var start = Stopwatch.GetTimestamp();
        var tasks = new List<Task>(consoles);
        for (var i = 0; i < consoles; i++)
        {
            var persona = i / perPersona;
            var agent = ConsoleScenario.AgentId(persona, i % perPersona);
            var tracked = new Tracked(persona);
            _consoles.Add(tracked);
            var due = start + (long)(i / connectRate * Stopwatch.Frequency);
            var wait = due - Stopwatch.GetTimestamp();
            if (wait > 0) await Task.Delay(TimeSpan.FromTicks(wait * TimeSpan.TicksPerSecond / Stopwatch.Frequency));
            tasks.Add(Task.Run(async () =>
            {
                var began = Stopwatch.GetTimestamp();
                try
                {
                    var token = (await (await http.PostAsJsonAsync("/api/v1/dev/tokens", new { tenantId = ConsoleScenario.Tenant, agentId = agent }))
                        .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
                    var connection = new HubConnectionBuilder()
                        .WithUrl(new Uri(baseAddress, "/hubs/console"), HttpTransportType.WebSockets, o => o.AccessTokenProvider = () => Task.FromResult(token))
                        .Build();
                    connection.On<JsonElement>("feed", feed => Record(tracked, feed));
                    tracked.Connection = connection;
                    await connection.StartAsync();
                    // As the web console does on every (re)connect: who am I, then each feed from where it left off.
                    var hello = await connection.InvokeAsync<JsonElement>("Hello");
                    foreach (var p in hello.GetProperty("personas").EnumerateArray())
                    {
                        var page = await connection.InvokeAsync<JsonElement>("SyncPersona", p.GetProperty("personaId").GetString(), 0L);
                        Interlocked.Add(ref syncedItems, page.GetProperty("items").GetArrayLength());
                    }
                    var agentPage = await connection.InvokeAsync<JsonElement>("SyncAgent", 0L);
                    Interlocked.Add(ref syncedItems, agentPage.GetProperty("items").GetArrayLength());
                    took.Enqueue(Stopwatch.GetTimestamp() - due);
                    handshakes.Enqueue(Stopwatch.GetTimestamp() - began);
                }
                catch (Exception ex)
                {
                    Interlocked.Increment(ref failures);
                    if (errors.Count < 5) errors.Enqueue($"{agent}: {ex.GetType().Name}: {ex.Message}");
                }
            }));
        }
        await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(start);
        foreach (var e in errors) Console.Error.WriteLine($"clients: connect failed {e}");
        var lat = new Latencies(took);
        var own = new Latencies(handshakes);
        return new
        {
            connected = lat.Count, failures, seconds = elapsed.TotalSeconds, p50 = lat.PercentileMs(50), p99 = lat.PercentileMs(99),
            max = lat.MaxMs, ownP50 = own.PercentileMs(50), ownP99 = own.PercentileMs(99), syncedItems,
        };
    }

    private async Task ResetAsync(string tag)
    {
        // A run started again before its report: its probe stops here, not never.
        if (_probe is not null) await _probe.DisposeAsync();
        _tag = "none";
        foreach (var c in _consoles)
        {
            lock (c)
            {
                c.Seen.Clear();
                c.Doubled = 0;
                c.Foreign = 0;
            }
        }
        _latencies.Clear();
        _timeline.Clear();
        _cpuAtRun = Environment.CpuUsage.TotalTime;
        _probe = new StallProbe();
        Interlocked.Exchange(ref _other, 0);
        _tag = tag;
    }

    private void Record(Tracked console, JsonElement feed)
    {
        var now = Stopwatch.GetTimestamp();
        var item = feed.GetProperty("item");
        var text = item.GetProperty("text").GetString();
        // "ts:<intended send ticks> r:<tag> e:<chat number> ..."
        var parts = text?.Split(' ', 4);
        if (item.GetProperty("kind").GetString() is not ("message.direct" or "message.group") || parts is not { Length: >= 3 } || !parts[0].StartsWith("ts:", StringComparison.Ordinal)
            || parts[1] != "r:" + _tag || !long.TryParse(parts[0].AsSpan(3), CultureInfo.InvariantCulture, out var sent)
            || !int.TryParse(parts[2].AsSpan(2), CultureInfo.InvariantCulture, out var n))
        {
            Interlocked.Increment(ref _other);
            return;
        }
        lock (console)
        {
            if (n % personaCount != console.Persona) console.Foreign++;
            else if (!console.Seen.Add(n)) console.Doubled++;
            else
            {
                _latencies.Enqueue(now - sent);
                _timeline.Enqueue((sent, now - sent));
            }
        }
    }

    private async Task<object> ReportAsync(int chats, TimeSpan quiet)
    {
        long Expected(int persona) => chats / personaCount + (persona < chats % personaCount ? 1 : 0);
        long expected = _consoles.Where(c => c.Connection is not null).Sum(c => Expected(c.Persona));
        var last = -1;
        var lastChange = Stopwatch.GetTimestamp();
        while (_latencies.Count < expected && Stopwatch.GetElapsedTime(lastChange) < quiet)
        {
            if (_latencies.Count != last) (last, lastChange) = (_latencies.Count, Stopwatch.GetTimestamp());
            await Task.Delay(50);
        }
        long lost = 0, doubled = 0, foreign = 0;
        foreach (var c in _consoles.Where(c => c.Connection is not null))
        {
            lock (c)
            {
                lost += Expected(c.Persona) - c.Seen.Count(n => n < chats);
                doubled += c.Doubled;
                foreign += c.Foreign;
            }
        }
        string? stalls = null;
        if (_probe is not null)
        {
            await _probe.DisposeAsync();
            stalls = _probe.Report(commits: false);
            _probe = null;
        }
        var lat = new Latencies(_latencies);
        // p99 per second of intended send time: tells a growing backlog from a stall.
        var first = _timeline.IsEmpty ? 0 : _timeline.Min(t => t.Sent);
        var bySecond = _timeline.GroupBy(t => (t.Sent - first) / Stopwatch.Frequency).OrderBy(g => g.Key)
            .Select(g => Math.Round(new Latencies(g.Select(t => t.Latency)).PercentileMs(99))).ToList();
        return new
        {
            bySecond, cpuSeconds = (Environment.CpuUsage.TotalTime - _cpuAtRun).TotalSeconds, stalls,
            received = lat.Count, expected, lost, doubled, foreign, other = Interlocked.Read(ref _other),
            p50 = lat.PercentileMs(50), p99 = lat.PercentileMs(99), max = lat.MaxMs,
        };
    }

    private async Task CloseAsync()
    {
        await Parallel.ForEachAsync(_consoles, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) =>
        {
            if (c.Connection is { } connection) await connection.DisposeAsync();
        });
    }
}
