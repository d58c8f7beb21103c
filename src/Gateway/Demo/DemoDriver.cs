using System.Text.Json;
using Microsoft.Extensions.Options;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Storage;

namespace PrivateDomain.Gateway.Demo;

/// <summary>
/// Seeds the demo tenant through the same durable log as real ingestion (ids are stable, so a restart's
/// re-seed is all duplicates), then drives simulated chat and behaviour traffic at a steady rate.
/// </summary>
public sealed class DemoDriver(
    IOptions<DemoOptions> options,
    IEventLog log,
    IGrainFactory grains,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<DemoDriver> logger) : BackgroundService
{
    private const string T = DemoOptions.TenantId;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        await WhenStartedAsync(stoppingToken);
        await ConfigureAsync(o);
        var seeded = await SeedAsync(o, stoppingToken);
        logger.LogInformation("Demo tenant seeded: {Personas} personas, {Groups} groups, {Customers} customers ({New} new events); traffic seed {Seed}",
            DemoTenant.Personas.Length, o.Groups, o.Customers, seeded, o.Seed);
        if (o.EventsPerSecond > 0) await DriveAsync(o, stoppingToken);
    }

    private Task WhenStartedAsync(CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(ct);
    }

    private async Task ConfigureAsync(DemoOptions o)
    {
        foreach (var (id, name) in DemoTenant.Agents)
            await grains.GetGrain<IAgentGrain>(TenantKey.Compose(T, id)).ConfigureAsync(new AgentSettings(name));
        foreach (var (id, name, agents) in DemoTenant.Personas)
            await grains.GetGrain<IPersonaGrain>(TenantKey.Compose(T, id)).ConfigureAsync(new PersonaSettings(name, agents));
        var half = Math.Max(1, o.Groups / 2);
        for (var g = 1; g <= o.Groups; g++)
        {
            var persona = g <= half ? "p1" : "p2";
            await grains.GetGrain<IGroupGrain>(TenantKey.Compose(T, DemoTenant.Group(g)))
                .ConfigureAsync(new GroupSettings($"{(persona == "p1" ? "美妆福利群" : "育儿交流群")} #{g}", persona, g % 5 == 0 ? 500 : 200));
        }
    }

    private async Task<int> SeedAsync(DemoOptions o, CancellationToken ct)
    {
        // Seeded once per data folder: the seed's timestamps are relative to its first run.
        var first = await grains.GetGrain<ICustomerGrain>(TenantKey.Compose(T, DemoTenant.Customer(1))).GetAsync();
        if (first.Known) return 0;
        var rng = new Random(o.Seed);
        var at = time.GetUtcNow().AddDays(-30);
        var batch = new List<EngineEvent>(500);
        var accepted = 0;
        for (var i = 1; i <= o.Customers; i++)
        {
            var c = DemoTenant.Customer(i);
            var (persona, agent) = DemoTenant.OwnerOf(i, o.Customers);
            var source = DemoTenant.Sources[rng.Next(DemoTenant.Sources.Length)];
            var added = at.AddSeconds(i * 60);
            batch.Add(Event($"seed:{c}:added", EventTypes.CustomerAdded, c, null, persona, added, new
            {
                source, agentId = agent,
                identities = new { wecomExternalUserId = $"wm{o.Seed:x}{i:D6}", phone = $"1380000{i:D4}" },
                tags = new[] { $"src:{source}" },
            }));
            batch.Add(Event($"seed:{c}:join", EventTypes.MemberJoined, c, DemoTenant.Group(DemoTenant.GroupOf(i, o.Customers, o.Groups)), null, added.AddMinutes(5), new { }));
            if (rng.NextDouble() < 0.3)
                batch.Add(Event($"seed:{c}:buy", EventTypes.Purchase, c, null, persona, added.AddDays(rng.Next(1, 20)),
                    new { orderId = $"o-{c}-1", amount = Math.Round(49 + rng.NextDouble() * 900, 2), currency = "CNY" }));
            if (batch.Count >= 480 || i == o.Customers)
            {
                accepted += (await log.AppendAsync(T, batch, ct)).Accepted;
                batch.Clear();
            }
        }
        return accepted;
    }

    private async Task DriveAsync(DemoOptions o, CancellationToken ct)
    {
        var rng = new Random(o.Seed);
        var run = Guid.NewGuid().ToString("N")[..8];
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / o.EventsPerSecond), time);
        for (long n = 0; await timer.WaitForNextTickAsync(ct); n++)
        {
            try
            {
                await log.AppendAsync(T, [Next(rng, o, $"live:{run}:{n}")], ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Demo traffic append failed");
            }
        }
    }

    private EngineEvent Next(Random rng, DemoOptions o, string id)
    {
        var i = rng.Next(1, o.Customers + 1);
        var c = DemoTenant.Customer(i);
        var (persona, agent) = DemoTenant.OwnerOf(i, o.Customers);
        var now = time.GetUtcNow();
        var line = DemoTenant.Lines[rng.Next(DemoTenant.Lines.Length)];
        return rng.Next(100) switch
        {
            < 35 => Event(id, EventTypes.ChatMessage, c, null, persona, now, new { text = line }),
            < 60 => Event(id, EventTypes.ChatMessage, c, DemoTenant.Group(DemoTenant.GroupOf(i, o.Customers, o.Groups)), null, now, new { text = line }),
            < 75 => Event(id, EventTypes.PageView, c, null, persona, now, new { url = $"https://shop.example/p/{rng.Next(100)}", title = "新品推荐" }),
            < 85 => Event(id, EventTypes.MaterialOpen, c, null, persona, now,
                new { materialId = DemoTenant.Materials[rng.Next(DemoTenant.Materials.Length)], sharedByAgentId = agent }),
            < 93 => Event(id, EventTypes.Purchase, c, null, persona, now,
                new { orderId = $"o-{id}", amount = Math.Round(29 + rng.NextDouble() * 500, 2), currency = "CNY" }),
            _ => Event(id, EventTypes.CustomerTagged, c, null, persona, now, new { tags = new[] { rng.Next(2) == 0 ? "interested:skincare" : "vip-candidate" } }),
        };
    }

    private static EngineEvent Event(string id, string type, string? customer, string? group, string? persona, DateTimeOffset at, object data) =>
        new(id, type, customer, group, persona, at, JsonSerializer.Serialize(data));
}
