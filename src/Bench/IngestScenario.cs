using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Contracts;
using PrivateDomain.Gateway.ConsoleHub;
using PrivateDomain.Gateway.Hosting;
using PrivateDomain.Silo.Streams;
using Microsoft.Extensions.Options;
using PrivateDomain.Storage;

namespace PrivateDomain.Bench;

/// <summary>
/// The whole embedded data path under an open-loop (fixed-rate) load: HTTP ingest → durable log → dispatcher →
/// customer and persona grains → console feed → SignalR → real clients. Reports ack latency (from the
/// intended send time, so a stalled server cannot hide its queue), drain time and push latency; the same-run
/// baseline sends the same number of pushes straight through IHubContext to the same clients.
/// </summary>
internal static class IngestScenario
{
    private const string Tenant = "bench";
    private const string Key = "bench-key-0123456789";
    internal const string Persona = "bp1";

    public static async Task<int> RunAsync(BenchArgs a)
    {
        var seconds = a.Double("seconds", 10);
        var rate = a.Double("rate", 2_000);
        var batch = a.Int("batch", 20);
        var customers = a.Int("customers", 1_000);
        var consoles = a.Int("consoles", 10);
        var chatShare = a.Double("chat", 0.25);
        var data = Directory.CreateTempSubdirectory("pd-bench-").FullName;
        Console.WriteLine($"ingest: {rate:N0} events/s offered for {seconds} s in batches of {batch}, {customers:N0} customers, " +
                          $"{consoles} consoles on one persona, {chatShare:P0} chat; {Environment.ProcessorCount} cores");
        var app = EngineApp.Build(
        [
            "--urls=http://127.0.0.1:0", $"--Storage:DataDirectory={data}", $"--Tenants:{Tenant}:IngestKey={Key}",
            "--Logging:LogLevel:Default=Warning", "--Engine:SiloPort=11191", "--Engine:GatewayPort=30091",
        ], environment: "Development", contentRoot: AppContext.BaseDirectory);
        await app.StartAsync();
        try
        {
            var baseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = baseAddress };
            http.DefaultRequestHeaders.Authorization = new("Bearer", Key);
            var agents = Enumerable.Range(1, consoles).Select(i => $"ba{i}").ToList();
            (await http.PutAsJsonAsync($"/api/v1/tenants/{Tenant}/personas/{Persona}", new { name = "Bench", agentIds = agents })).EnsureSuccessStatusCode();
            await using var clients = await BenchConsoles.ConnectAsync(baseAddress, Tenant, agents);
            var log = app.Services.GetRequiredService<IEventLog>();
            var queues = app.Services.GetRequiredService<IOptions<EventLogStreamOptions>>().Value.Queues;

            var seed = new IngestEvents(customers, chatShare, "seed");
            for (var i = 0; i < customers; i += 500)
                await HttpLoad.PostAsync(http, Tenant, seed.Added(i, Math.Min(500, customers - i)));
            await HttpLoad.DrainAsync(log, queues);

            // Warm-up at the same rate, not measured.
            await HttpLoad.OpenLoopAsync(http, Tenant, new IngestEvents(customers, chatShare, "warm"), rate, batch, Math.Min(2, seconds / 5));
            await HttpLoad.DrainAsync(log, queues);
            await Task.Delay(500);
            clients.Reset();

            var gen = new IngestEvents(customers, chatShare, "run");
            var memoryBefore = GC.GetTotalMemory(false);
            var cpuBefore = Environment.CpuUsage.TotalTime;
            var load = await HttpLoad.OpenLoopAsync(http, Tenant, gen, rate, batch, seconds);
            var cores = (Environment.CpuUsage.TotalTime - cpuBefore) / load.Elapsed;
            var drain = await HttpLoad.DrainAsync(log, queues);
            await Task.Delay(1_000);
            var pushes = clients.Snapshot();
            var expectedPushes = gen.Chats * consoles;
            Console.WriteLine($"engine:   acked {load.Events:N0} events in {load.Elapsed.TotalSeconds:F1} s = {load.Events / load.Elapsed.TotalSeconds:N0} events/s; " +
                              $"non-202 {load.Errors}; {cores:F2} of {Environment.ProcessorCount} cores busy (engine and load generator together); ack p50 {load.Acks.PercentileMs(50):F1} ms, p99 {load.Acks.PercentileMs(99):F1} ms, max {load.Acks.MaxMs:F1} ms");
            Console.WriteLine($"engine:   all applied {drain.TotalMilliseconds:F0} ms after the last ack; heap {(GC.GetTotalMemory(false) - memoryBefore) / 1024 / 1024:N0} MiB grown");
            Console.WriteLine($"engine:   pushes {pushes.Count:N0}/{expectedPushes:N0} received, event→console p50 {pushes.PercentileMs(50):F1} ms, " +
                              $"p99 {pushes.PercentileMs(99):F1} ms, max {pushes.MaxMs:F1} ms");

            clients.Reset();
            var hub = app.Services.GetRequiredService<IHubContext<ConsoleHub>>();
            var baseline = await BaselineAsync(hub, gen.Chats, seconds);
            await Task.Delay(1_000);
            var raw = clients.Snapshot();
            Console.WriteLine($"baseline: raw IHubContext group sends, {gen.Chats:N0} messages at the same rate to the same {consoles} clients: " +
                              $"{raw.Count:N0} received, p50 {raw.PercentileMs(50):F1} ms, p99 {raw.PercentileMs(99):F1} ms, max {raw.MaxMs:F1} ms");
            Console.WriteLine($"ratio:    engine push p99 / raw SignalR p99 = {pushes.PercentileMs(99) / raw.PercentileMs(99):F2}; " +
                              $"acked/offered = {load.Events / load.Elapsed.TotalSeconds / rate:F2}");
            return pushes.Count == expectedPushes && load.Errors == 0 ? 0 : 1;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            try { Directory.Delete(data, true); } catch (IOException) { }
        }
    }

    private static async Task<int> BaselineAsync(IHubContext<ConsoleHub> hub, long messages, double seconds)
    {
        var group = ConsoleGroups.Persona(Tenant, Persona);
        var interval = seconds / Math.Max(1, messages) * Stopwatch.Frequency;
        var start = Stopwatch.GetTimestamp();
        var sends = new List<Task>();
        for (var i = 0; i < messages; i++)
        {
            var wait = start + (long)(i * interval) - Stopwatch.GetTimestamp();
            if (wait > 0) await Task.Delay(TimeSpan.FromTicks(wait * TimeSpan.TicksPerSecond / Stopwatch.Frequency));
            var item = new ConsoleItem(i, ConsoleItemKinds.DirectMessage, DateTimeOffset.UtcNow, "c", null, Persona, null, BenchConsoles.Stamp(), null);
            sends.Add(hub.Clients.Group(group).SendAsync("feed", new FeedMessage("persona", Persona, item)));
        }
        await Task.WhenAll(sends);
        return sends.Count;
    }
}
