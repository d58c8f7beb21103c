using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using PrivateDomain.Tests.Postgres.Processes;
using Xunit.Abstractions;

namespace PrivateDomain.Tests.Postgres.Cluster;

/// <summary>
/// "Many accounts, one persona" across gateways: 2 silo processes and 2 client-only gateway processes on one PostgreSQL;
/// agent A's console on gateway 1 and agent B's on gateway 2 operate the same persona, over the real SignalR client.
/// Customer messages posted to either gateway reach both consoles once; A's reply and B's actions reach the other.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TwoGatewayConsoleTests(PostgresFixture pg, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Tenant = "t1", Key = "two-gateways-key-0123456789", Persona = "p1", A = "amy", B = "bob", Group = "g1";
    private const int Rounds = 10;
    private static readonly string SigningKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private readonly List<IAsyncDisposable> _running = [];

    [Fact]
    public async Task Two_agents_on_two_gateways_see_the_same_persona_live_each_item_once()
    {
        var db = await pg.NewDatabaseAsync("twogw");
        var keys = new Dictionary<string, string> { [Tenant] = Key };
        var silos = new[] { "silo-1", "silo-2" }.Select(n => EngineSiloProcess.StartAsync(n, db, "pd-twogw", "pd-twogw")).ToArray();
        var gateways = new[] { "gateway-1", "gateway-2" }.Select(n => GatewayProcess.StartAsync(n, db, "pd-twogw", "pd-twogw", keys, SigningKey)).ToArray();
        try
        {
            await Task.WhenAll(Task.WhenAll(silos), Task.WhenAll(gateways));
        }
        finally
        {
            _running.AddRange(silos.Where(t => t.IsCompletedSuccessfully).Select(t => (IAsyncDisposable)t.Result));
            _running.AddRange(gateways.Where(t => t.IsCompletedSuccessfully).Select(t => (IAsyncDisposable)t.Result));
        }
        var (g1, g2) = (await gateways[0], await gateways[1]);
        using var http1 = g1.Client(Key);
        using var http2 = g2.Client(Key);

        await SucceedAsync(() => http1.PutAsJsonAsync($"/api/v1/tenants/{Tenant}/personas/{Persona}", new { name = "小丸子", agentIds = new[] { A, B } }));
        await SucceedAsync(() => http1.PutAsJsonAsync($"/api/v1/tenants/{Tenant}/groups/{Group}", new { name = "福利群", ownerPersonaId = Persona, sizeCap = 200 }));
        await SucceedAsync(() => http1.PostAsJsonAsync($"/api/v1/tenants/{Tenant}/events", new[] { Event("added", "customer.added", new { source = "store_qr" }) }));
        await SucceedAsync(() => http2.GetAsync($"/api/v1/tenants/{Tenant}/customers/c1"), body => body.Contains("\"ownerAgentId\":\"", StringComparison.Ordinal));
        await using var consoleA = await AgentConsole.ConnectAsync(g1.BaseAddress, await TokenAsync(http1, A));
        await using var consoleB = await AgentConsole.ConnectAsync(g2.BaseAddress, await TokenAsync(http2, B));

        // Each gateway pushes only once its registration with the cluster has landed: warm up until both consoles hear one.
        for (var i = 0; !(await BothHoldAsync(consoleA, consoleB, await SayAsync(http1, $"warm-{i}"), TimeSpan.FromSeconds(1))); i++)
            Assert.True(i < 30, "no customer message reached both consoles within 30 s");

        var latencies = new List<double>();
        for (var i = 0; i < Rounds; i++)
        {
            var clock = Stopwatch.StartNew();
            var id = await SayAsync(i % 2 == 0 ? http1 : http2, $"round-{i}");
            Assert.True(await BothHoldAsync(consoleA, consoleB, id, TimeSpan.FromSeconds(10)), $"round {i} did not reach both consoles");
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }

        var reply = await consoleA.Connection.InvokeAsync<JsonElement>("Reply", Persona, "c1", "有的，周末到店领取", "reply-1");
        var replyId = reply.GetProperty("deliveryId").GetString()!;
        Assert.True(await consoleB.EventuallyHoldsAsync(replyId, TimeSpan.FromSeconds(10)), "A's reply (gateway 1) did not reach B (gateway 2)");
        var post = await consoleB.Connection.InvokeAsync<JsonElement>("PostToGroup", Persona, Group, "今晚八点开抢", "post-1");
        await consoleB.Connection.InvokeAsync<JsonElement>("TagCustomer", "c1", "vip", false);
        Assert.True(await consoleA.EventuallyHoldsAsync(post.GetProperty("deliveryId").GetString()!, TimeSpan.FromSeconds(10)), "B's group post did not reach A");
        Assert.True(await EventuallyAsync(() => consoleA.Items.Any(x => x.Kind == "customer.updated"), TimeSpan.FromSeconds(10)), "B's tag did not reach A");
        var outbox = await http2.GetFromJsonAsync<JsonElement[]>($"/api/v1/tenants/{Tenant}/outbox?customerId=c1");
        Assert.Single(outbox!, m => m.GetProperty("deliveryId").GetString() == replyId);

        // Nothing twice, nothing missing: both consoles end up with the persona feed's every sequence exactly once.
        await Task.Delay(500);
        var head = (await consoleA.Connection.InvokeAsync<JsonElement>("SyncPersona", Persona, 0L)).GetProperty("headSequence").GetInt64();
        foreach (var console in new[] { consoleA, consoleB })
        {
            Assert.Equal(0, console.Redelivered);
            Assert.Equal(Enumerable.Range(1, (int)head).Select(n => (long)n), await console.SyncedSequencesAsync());
        }
        latencies.Sort();
        output.WriteLine($"customer message to both consoles (A on {g1.Name}, B on {g2.Name}), {Rounds} rounds posted alternately to each gateway: " +
                         $"p50 {latencies[Rounds / 2]:F0} ms, max {latencies[^1]:F0} ms; pushes A {consoleA.Pushes}, B {consoleB.Pushes}, feed head {head}");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var process in _running) await process.DisposeAsync();
    }

    private static object Event(string id, string type, object data) =>
        new { id, type, customerId = "c1", personaId = Persona, occurredAt = DateTimeOffset.UtcNow, data };

    private static async Task<string> SayAsync(HttpClient gateway, string id)
    {
        await SucceedAsync(() => gateway.PostAsJsonAsync($"/api/v1/tenants/{Tenant}/events", new[] { Event(id, "chat.message", new { text = $"在吗 {id}" }) }));
        return id;
    }

    private static async Task<bool> BothHoldAsync(AgentConsole a, AgentConsole b, string eventId, TimeSpan timeout) =>
        await EventuallyAsync(() => a.Holds(eventId) && b.Holds(eventId), timeout);

    private static async Task<string> TokenAsync(HttpClient gateway, string agent)
    {
        var body = await SucceedAsync(() => gateway.PostAsJsonAsync("/api/v1/dev/tokens", new { tenantId = Tenant, agentId = agent }));
        return JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!;
    }

    private static async Task<string> SucceedAsync(Func<Task<HttpResponseMessage>> call, Func<string, bool>? done = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await call();
            var body = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode && (done is null || done(body))) return body;
            if ((int)response.StatusCode is >= 400 and < 500 || DateTime.UtcNow > deadline) throw new InvalidOperationException($"{(int)response.StatusCode}: {body}");
            await Task.Delay(200);
        }
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(20);
        return condition();
    }

    /// <summary>One agent's console on one gateway: the persona feed's pushes by sequence, and the hub to call.</summary>
    private sealed class AgentConsole : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<long, (string Kind, string? EventId)> _items = new();
        private readonly ConcurrentDictionary<long, bool> _pushed = new();
        private int _pushes, _redelivered;

        private AgentConsole(HubConnection connection) => Connection = connection;

        public HubConnection Connection { get; }

        public int Pushes => _pushes;

        /// <summary>Pushes of a sequence this console had already been pushed.</summary>
        public int Redelivered => _redelivered;

        public IEnumerable<(string Kind, string? EventId)> Items => _items.Values;

        public static async Task<AgentConsole> ConnectAsync(Uri gateway, string token)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(gateway, "/hubs/console"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
                .Build();
            var console = new AgentConsole(connection);
            connection.On<JsonElement>("feed", console.OnPush);
            await connection.StartAsync();
            await connection.InvokeAsync<JsonElement>("Hello");
            await console.SyncedSequencesAsync();
            return console;
        }

        public bool Holds(string eventId) => _items.Values.Any(i => i.EventId == eventId);

        public Task<bool> EventuallyHoldsAsync(string eventId, TimeSpan timeout) => EventuallyAsync(() => Holds(eventId), timeout);

        /// <summary>Fills any gap from the feed (as the console does on reconnect) and returns every sequence held.</summary>
        public async Task<IReadOnlyList<long>> SyncedSequencesAsync()
        {
            var page = await Connection.InvokeAsync<JsonElement>("SyncPersona", Persona, 0L);
            foreach (var item in page.GetProperty("items").EnumerateArray()) Add(item);
            return _items.Keys.Order().ToList();
        }

        private void OnPush(JsonElement message)
        {
            if (message.GetProperty("ownerKind").GetString() != "persona") return;
            Interlocked.Increment(ref _pushes);
            var item = message.GetProperty("item");
            if (!_pushed.TryAdd(item.GetProperty("sequence").GetInt64(), true)) Interlocked.Increment(ref _redelivered);
            Add(item);
        }

        private bool Add(JsonElement item) => _items.TryAdd(item.GetProperty("sequence").GetInt64(),
            (item.GetProperty("kind").GetString()!, item.TryGetProperty("eventId", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null));

        public ValueTask DisposeAsync() => Connection.DisposeAsync();
    }
}
