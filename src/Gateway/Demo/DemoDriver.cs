using System.Text.Json;
using Microsoft.Extensions.Options;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Journeys.Examples;
using PrivateDomain.Silo.Streams;
using PrivateDomain.Storage;

namespace PrivateDomain.Gateway.Demo;

/// <summary>
/// Seeds the demo tenant through the same durable log as real ingestion (ids are stable, so a restart's
/// re-seed is all duplicates), publishes the example journeys once the seed has reached its grains (so the seeded,
/// month-old customers do not all enter them at once), then drives simulated chat and behaviour traffic at a steady
/// rate, including new friends, their replies and purchases, air-purifier sales and super users for the journeys.
/// </summary>
public sealed class DemoDriver(
    IOptions<DemoOptions> options,
    IEventLog log,
    IGrainFactory grains,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<DemoDriver> logger) : BackgroundService
{
    private const string T = DemoOptions.TenantId;
    /// <summary>Live-added customers kept as targets for replies and purchases.</summary>
    private const int FreshKept = 200;
    private static readonly TimeSpan SeedDeliveryTimeout = TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        await WhenStartedAsync(stoppingToken);
        await ConfigureAsync(o);
        var seeded = await SeedAsync(o, stoppingToken);
        logger.LogInformation("Demo tenant seeded: {Personas} personas, {Groups} groups, {Customers} customers ({New} new events); traffic seed {Seed}",
            DemoTenant.Personas.Length, o.Groups, o.Customers, seeded, o.Seed);
        await WhenDeliveredAsync(log.LastSequence, stoppingToken);
        await PublishJourneysAsync();
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
        await DemoScripts.SeedAsync(grains, T);
        var half = Math.Max(1, o.Groups / 2);
        for (var g = 1; g <= o.Groups; g++)
        {
            var persona = g <= half ? "p1" : "p2";
            await grains.GetGrain<IGroupGrain>(TenantKey.Compose(T, DemoTenant.Group(g)))
                .ConfigureAsync(new GroupSettings($"{(persona == "p1" ? "美妆福利群" : "育儿交流群")} #{g}", persona, g % 5 == 0 ? 500 : 200));
        }
        // The filter-change reminder tells a CRM through a signed webhook; crm.example.com does not answer here, so its
        // deliveries stay in retry (visible on GET …/outbox) instead of failing at once for a missing secret.
        var secrets = grains.GetGrain<IWebhookSecretsGrain>(T);
        if ((await secrets.ListAsync()).All(x => x.Name != DemoTenant.CrmWebhookSecret))
            await secrets.SetAsync(DemoTenant.CrmWebhookSecret, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        // The welcome journey's add_to_group step routes new friends into p1's groups through this live-code pool.
        var pool = grains.GetGrain<ILiveCodePoolGrain>(TenantKey.Compose(T, DemoTenant.SkincarePool));
        await pool.ConfigureAsync(new GroupPoolSettings("美妆福利群 live code", "p1", AutoOpen: true, NewGroupCap: 200, MaxGroups: half + 5,
            ReservationMinutes: 60 * 24, NewGroupTags: ["skincare"], InviteText: "欢迎加入美妆福利群 🎁"));
        for (var g = 1; g <= half; g++)
            await pool.PutGroupAsync(new PoolGroupSettings(DemoTenant.Group(g), null, null, g % 2 == 0 ? ["skincare", "sample"] : ["skincare"], "p1",
                $"https://work.weixin.qq.com/gm/demo-{DemoTenant.Group(g)}"));
    }

    /// <summary>Waits (bounded) until every stream queue has delivered the log up to <paramref name="sequence"/>.</summary>
    private async Task WhenDeliveredAsync(long sequence, CancellationToken ct)
    {
        var queues = (configuration.GetSection(EventLogStreamOptions.SectionName).Get<EventLogStreamOptions>() ?? new EventLogStreamOptions()).Queues;
        var deadline = time.GetTimestamp();
        while (await StreamCheckpoints.DeliveredThroughAsync(log, queues, ct) < sequence)
        {
            if (time.GetElapsedTime(deadline) > SeedDeliveryTimeout)
            {
                logger.LogWarning("Demo seed not delivered after {Timeout}; publishing the example journeys anyway", SeedDeliveryTimeout);
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, ct);
        }
    }

    /// <summary>
    /// Publishes the example journeys (docs/journeys.md) under their own ids. A journey that already has a published
    /// version is left as it is (a restart, or an operator's own version, pause or archive).
    /// </summary>
    private async Task PublishJourneysAsync()
    {
        foreach (var name in JourneyExamples.Names)
        {
            var journey = grains.GetGrain<IJourneyGrain>(TenantKey.Compose(T, name));
            if ((await journey.GetAsync()).CurrentVersion is not null) continue;
            var saved = await journey.SaveDraftAsync(JourneyExamples.Json(name));
            var result = saved.IsOk && saved.Problems.Count == 0 ? await journey.PublishAsync() : saved;
            if (result.IsOk && result.Problems.Count == 0)
                logger.LogInformation("Demo journey {Journey} published as version {Version}", name, result.Journey.CurrentVersion);
            else
                logger.LogWarning("Demo journey {Journey} not published: {Error} {Message} {Problems}", name, result.Error, result.Message,
                    string.Join("; ", result.Problems.Select(p => $"{p.Path}: {p.Message}")));
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
            string[] tags = rng.NextDouble() < 0.05 ? [$"src:{source}", DemoTenant.SuperUserTag] : [$"src:{source}"];
            batch.Add(Event($"seed:{c}:added", EventTypes.CustomerAdded, c, null, persona, added, new
            {
                source, agentId = agent,
                identities = new { wecomExternalUserId = $"wm{o.Seed:x}{i:D6}", phone = $"1380000{i:D4}" },
                properties = new { name = DemoTenant.Names[i % DemoTenant.Names.Length], timezone = DemoTenant.Zones[i % DemoTenant.Zones.Length] },
                tags,
            }));
            batch.Add(Event($"seed:{c}:join", EventTypes.MemberJoined, c, DemoTenant.Group(DemoTenant.GroupOf(i, o.Customers, o.Groups)), null, added.AddMinutes(5), new { }));
            if (rng.NextDouble() < 0.3)
                batch.Add(Event($"seed:{c}:buy", EventTypes.Purchase, c, null, persona, added.AddDays(rng.Next(1, 20)),
                    new { orderId = $"o-{c}-1", amount = Math.Round(49 + rng.NextDouble() * 900, 2), currency = "CNY",
                        category = DemoTenant.Categories[rng.Next(DemoTenant.Categories.Length)] }));
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
        var traffic = new Traffic(o, new Random(o.Seed), Guid.NewGuid().ToString("N")[..8], time);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / o.EventsPerSecond), time);
        for (long n = 0; await timer.WaitForNextTickAsync(ct); n++)
        {
            try
            {
                await log.AppendAsync(T, [traffic.Next(n)], ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Demo traffic append failed");
            }
        }
    }

    /// <summary>The live traffic: one event per tick, from a seeded generator.</summary>
    private sealed class Traffic(DemoOptions o, Random rng, string run, TimeProvider time)
    {
        private readonly List<(string Id, string Persona, string Agent)> _fresh = [];
        private long _added;

        public EngineEvent Next(long n)
        {
            var id = $"live:{run}:{n}";
            var now = time.GetUtcNow();
            // The first event is a new friend, so the welcome journey shows at once; then about one in eight.
            var roll = n == 0 ? 0 : rng.Next(100);
            if (roll < 12) return Added(id, now);
            if (roll < 22 && Fresh() is var (f, fp, _))
                return Event(id, EventTypes.ChatMessage, f, null, fp, now, new { text = DemoTenant.Replies[rng.Next(DemoTenant.Replies.Length)] });
            if (roll < 24 && Fresh() is var (b, bp, _))
                return Event(id, EventTypes.Purchase, b, null, bp, now, Order(id, DemoTenant.Categories[rng.Next(DemoTenant.Categories.Length)], null));

            var i = rng.Next(1, o.Customers + 1);
            var c = DemoTenant.Customer(i);
            var (persona, agent) = DemoTenant.OwnerOf(i, o.Customers);
            var line = DemoTenant.Lines[rng.Next(DemoTenant.Lines.Length)];
            return rng.Next(100) switch
            {
                < 30 => Event(id, EventTypes.ChatMessage, c, null, persona, now, new { text = line }),
                < 55 => Event(id, EventTypes.ChatMessage, c, DemoTenant.Group(DemoTenant.GroupOf(i, o.Customers, o.Groups)), null, now, new { text = line }),
                < 70 => Event(id, EventTypes.PageView, c, null, persona, now, new { url = $"https://shop.example/p/{rng.Next(100)}", title = "新品推荐" }),
                < 80 => Event(id, EventTypes.MaterialOpen, c, null, persona, now,
                    new { materialId = DemoTenant.Materials[rng.Next(DemoTenant.Materials.Length)], sharedByAgentId = agent }),
                < 86 => Event(id, EventTypes.Purchase, c, null, persona, now, Order(id, DemoTenant.Categories[rng.Next(DemoTenant.Categories.Length)], null)),
                < 92 => Event(id, EventTypes.Purchase, c, null, persona, now, Order(id, "air_purifier", DemoTenant.Purifiers[rng.Next(DemoTenant.Purifiers.Length)])),
                < 96 => Event(id, EventTypes.CustomerTagged, c, null, persona, now, new { tags = new[] { DemoTenant.SuperUserTag } }),
                _ => Event(id, EventTypes.CustomerTagged, c, null, persona, now, new { tags = new[] { rng.Next(2) == 0 ? "interested:skincare" : "vip-candidate" } }),
            };
        }

        private EngineEvent Added(string id, DateTimeOffset now)
        {
            var k = ++_added;
            var c = DemoTenant.NewCustomer(run, k);
            var (persona, agents) = (DemoTenant.Personas[k % 2].Id, DemoTenant.Personas[k % 2].Agents);
            var agent = agents[rng.Next(agents.Length)];
            var source = DemoTenant.Sources[rng.Next(DemoTenant.Sources.Length)];
            if (_fresh.Count >= FreshKept) _fresh.RemoveAt(0);
            _fresh.Add((c, persona, agent));
            return Event(id, EventTypes.CustomerAdded, c, null, persona, now, new
            {
                source, agentId = agent,
                properties = new { name = DemoTenant.Names[rng.Next(DemoTenant.Names.Length)], timezone = DemoTenant.Zones[k % DemoTenant.Zones.Length] },
                tags = new[] { $"src:{source}" },
            });
        }

        private (string Id, string Persona, string Agent)? Fresh() => _fresh.Count == 0 ? null : _fresh[rng.Next(_fresh.Count)];

        private object Order(string id, string category, string? model) => model is null
            ? new { orderId = $"o-{id}", amount = Math.Round(29 + rng.NextDouble() * 500, 2), currency = "CNY", category }
            : new { orderId = $"o-{id}", amount = Math.Round(1299 + rng.NextDouble() * 2000, 2), currency = "CNY", category, model };
    }

    private static EngineEvent Event(string id, string type, string? customer, string? group, string? persona, DateTimeOffset at, object data) =>
        new(id, type, customer, group, persona, at, JsonSerializer.Serialize(data));
}
