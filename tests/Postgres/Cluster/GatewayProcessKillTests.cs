using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PrivateDomain.Tests.Postgres.Processes;
using Xunit.Abstractions;

namespace PrivateDomain.Tests.Postgres.Cluster;

/// <summary>
/// Promise of cluster mode with client-only gateways: 2 silo processes and 2 gateway processes (Engine:Role=Gateway)
/// on one PostgreSQL; a burst is posted to both gateways by an at-least-once producer, and mid-burst one silo and the
/// gateway holding the console are SIGKILLed. Observed only through HTTP and SignalR, so it holds whatever carries
/// events from the log to the grains.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GatewayProcessKillTests(PostgresFixture pg, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Tenant = "t1";
    private const string Key = "gateway-kill-key-0123456789";
    private const string Agent = "a1";
    private const int Seed = 20261123;
    private const int Events = 20_000;
    private const int Customers = 200;
    private const int BatchSize = 100;
    private const int InFlight = 4;
    private const double KillAfter = 0.35;
    private static readonly string SigningKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private readonly List<IAsyncDisposable> _running = [];

    [Fact]
    public async Task Killing_a_silo_and_the_consoles_gateway_mid_burst_loses_and_doubles_nothing_and_the_console_resyncs_on_the_other_gateway()
    {
        var wall = Stopwatch.StartNew();
        var db = await pg.NewDatabaseAsync("gwkill");
        output.WriteLine($"seed {Seed}: {Events:N0} events over {Customers} customers in batches of {BatchSize}, {InFlight} in flight");
        // All four at once: the gateways keep retrying until a silo has joined (the client's start-up retry filter).
        var (silos, gateways) = await StartAsync(db);
        output.WriteLine($"2 silos + 2 gateways up in {wall.Elapsed.TotalSeconds:F1} s");
        try
        {
            await BurstKillAndCheckAsync(silos, gateways);
            output.WriteLine($"wall {wall.Elapsed.TotalSeconds:F1} s");
        }
        catch
        {
            foreach (var (name, lines) in silos.Select(p => (p.Name, p.Tail)).Concat(gateways.Select(g => (g.Name, g.Tail))))
                output.WriteLine($"--- {name}, last lines:{Environment.NewLine}{lines}");
            throw;
        }
    }

    private async Task BurstKillAndCheckAsync(ChildProcess[] silos, GatewayProcess[] gateways)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        using var g1 = gateways[0].Client(Key);
        using var g2 = gateways[1].Client(Key);
        await SetUpTenantAsync(g1);
        var burst = IngestBurst.Create(Seed, Events, Customers, BatchSize);
        var sender = new BurstSender(Tenant, [g1, g2]);
        await sender.SendAllAsync(burst.Setup, 1, null, cancel.Token);
        var token = await TokenAsync(g1);
        await using var console = await FailoverConsole.ConnectAsync([gateways[0].BaseAddress, gateways[1].BaseAddress], token, IngestBurst.Persona);

        // Pushes reach the console through gateway 1's observer (an Orleans client's object reference).
        var warmUp = IngestBurst.Direct("warm-up", 3, burst.Customers[1]);
        await sender.SendAsync(warmUp, route: 0, cancel.Token);
        Assert.True(await EventuallyAsync(() => warmUp.Events.All(e => console.Holds(e.Id)), TimeSpan.FromSeconds(30)),
            $"the warm-up's 1:1 messages were not pushed through {gateways[0].Name}");

        // Mid-burst: SIGKILL one silo and the console's gateway together.
        var killAt = (int)(burst.Batches.Count * KillAfter);
        var killed = new TaskCompletionSource<Stopwatch>(TaskCreationOptions.RunContinuationsAsynchronously);
        var burstClock = Stopwatch.StartNew();
        var sending = sender.SendAllAsync(burst.Batches, InFlight, acked =>
        {
            if (acked == killAt) _ = Task.Run(() => KillAsync(killed, silos[0], gateways[0]));
        }, cancel.Token);
        var grainsBack = killed.Task.ContinueWith(k => AllCustomersAnswerAsync(g2, burst.Customers, k.Result, cancel.Token), TaskScheduler.Default).Unwrap();
        await sending;
        var burstTime = burstClock.Elapsed;
        var sinceLastAck = Stopwatch.StartNew();
        var sinceKill = await killed.Task;
        var grainsAnswered = await grainsBack.WaitAsync(TimeSpan.FromSeconds(60));
        var resync = await console.Resynced.WaitAsync(TimeSpan.FromSeconds(60));
        var outcome = await ConvergeAsync(g2, burst, sender.Acked, TimeSpan.FromSeconds(60), cancel.Token);
        var converged = sinceLastAck.Elapsed;

        // Pushes flow again, now through gateway 2 (pushes are best-effort: one sent before gateway 2 is registered again
        // is dropped, so a 1:1 message a second until one is pushed); then a last resync by sequence, and the comparison.
        var livePushAfterKill = await FirstLivePushAsync(sender, console, burst.Customers[0], sinceKill, TimeSpan.FromSeconds(45), cancel.Token);
        var head = await console.SyncAsync();
        var items = console.Items;
        var expectedDirect = sender.Acked.SelectMany(b => b.Events).Where(e => e.IsDirectMessage).Select(e => e.Id).ToHashSet();
        var direct = items.Where(i => i.Kind == "message.direct").Select(i => i.EventId!).ToList();
        var feedLost = expectedDirect.Count(id => !direct.Contains(id));
        var feedDoubled = direct.Count - direct.Distinct().Count();

        output.WriteLine($"events acked {sender.EventsAcked:N0} in {sender.Acked.Count} batches ({sender.Accepted:N0} new, {sender.Duplicates:N0} already in the log); " +
                         $"burst {burstTime.TotalSeconds:F1} s ({Events / burstTime.TotalSeconds:N0} events/s); retried batches {sender.RetriedBatches}, failed attempts {sender.FailedAttempts}");
        output.WriteLine($"killed {silos[0].Name} and {gateways[0].Name} after {killAt} of {burst.Batches.Count} batches were acked");
        output.WriteLine($"grains: all {Customers} customers answered {grainsAnswered.TotalSeconds:F1} s after the kill; every acked event applied {converged.TotalSeconds:F1} s after the last ack");
        output.WriteLine($"lost {outcome.Lost}, applied twice {outcome.Doubled} (checked: {outcome.Purchases:N0} purchases, {outcome.GroupMessages:N0} group messages; " +
                         $"{outcome.Mismatches.Count} mismatching customers or groups)");
        output.WriteLine($"console: resynced on {console.Gateway} {resync.TotalSeconds:F1} s after its gateway died; {items.Count} feed items, head {head}; " +
                         $"1:1 messages {direct.Count} of {expectedDirect.Count} (lost {feedLost}, doubled {feedDoubled})");
        output.WriteLine($"pushes: {console.Pushes - console.PushesAfterFailover} through {gateways[0].Name}, {console.PushesAfterFailover} through {gateways[1].Name} " +
                         $"(first {console.FirstPushAfterLoss?.TotalSeconds:F1} s after the loss), {console.Redelivered} of sequences already held; " +
                         $"a fresh 1:1 message pushed through {gateways[1].Name} {livePushAfterKill?.TotalSeconds:F1} s after the kill");

        Assert.True(outcome.Mismatches.Count == 0, string.Join(Environment.NewLine, outcome.Mismatches.Take(20)));
        Assert.Equal(0, outcome.Lost);
        Assert.Equal(0, outcome.Doubled);
        Assert.Equal(gateways[1].BaseAddress, console.Gateway);
        Assert.Equal(Enumerable.Range(1, (int)head).Select(i => (long)i), items.Select(i => i.Sequence));
        Assert.Equal(items.Count, items.Select(i => (i.EventId, i.Kind)).Distinct().Count());
        Assert.Equal(0, feedLost);
        Assert.Equal(0, feedDoubled);
        Assert.True(livePushAfterKill is not null, $"no fresh 1:1 message was pushed through {gateways[1].Name} within 45 s");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var process in _running) await process.DisposeAsync();
    }

    private async Task<(ChildProcess[] Silos, GatewayProcess[] Gateways)> StartAsync(string db)
    {
        const string cluster = "pd-gwkill";
        var keys = new Dictionary<string, string> { [Tenant] = Key };
        var silos = new[] { "silo-1", "silo-2" }.Select(n => EngineSiloProcess.StartAsync(n, db, cluster, cluster)).ToArray();
        var gateways = new[] { "gateway-1", "gateway-2" }.Select(n => GatewayProcess.StartAsync(n, db, cluster, cluster, keys, SigningKey)).ToArray();
        try
        {
            await Task.WhenAll(Task.WhenAll(silos), Task.WhenAll(gateways));
        }
        finally
        {
            _running.AddRange(silos.Where(t => t.IsCompletedSuccessfully).Select(t => (IAsyncDisposable)t.Result));
            _running.AddRange(gateways.Where(t => t.IsCompletedSuccessfully).Select(t => (IAsyncDisposable)t.Result));
        }
        return (silos.Select(t => t.Result).ToArray(), gateways.Select(t => t.Result).ToArray());
    }

    private static async Task KillAsync(TaskCompletionSource<Stopwatch> killed, ChildProcess silo, GatewayProcess gateway)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Task.Run(silo.Kill), Task.Run(gateway.Kill));
        killed.SetResult(clock);
    }

    private static async Task SetUpTenantAsync(HttpClient gateway)
    {
        await SucceedAsync(() => gateway.PutAsJsonAsync($"/api/v1/tenants/{Tenant}/agents/{Agent}", new { name = "Amy" }));
        await SucceedAsync(() => gateway.PutAsJsonAsync($"/api/v1/tenants/{Tenant}/personas/{IngestBurst.Persona}",
            new { name = "Persona one", agentIds = new[] { Agent } }));
        for (var g = 0; g < IngestBurst.Groups; g++)
            await SucceedAsync(() => gateway.PutAsJsonAsync($"/api/v1/tenants/{Tenant}/groups/g{g}", new { name = $"group {g}", sizeCap = 200 }));
        // A console joins a persona's push group only once the agent grain knows it operates the persona.
        await SucceedAsync(() => gateway.GetAsync($"/api/v1/tenants/{Tenant}/agents/{Agent}"),
            body => JsonNode.Parse(body)!["personaIds"]!.AsArray().Any(p => (string?)p == IngestBurst.Persona));
    }

    private static async Task<string> TokenAsync(HttpClient gateway)
    {
        var response = await SucceedAsync(() => gateway.PostAsJsonAsync("/api/v1/dev/tokens", new { tenantId = Tenant, agentId = Agent }));
        return (string)JsonNode.Parse(response)!["token"]!;
    }

    /// <summary>Posts a 1:1 message a second until one reaches the console by push; the time from the kill, or null.</summary>
    private static async Task<TimeSpan?> FirstLivePushAsync(BurstSender sender, FailoverConsole console, string customer, Stopwatch sinceKill,
        TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        for (var i = 0; DateTime.UtcNow < deadline; i++)
        {
            var probe = IngestBurst.Direct($"live-{i}", 1, customer);
            await sender.SendAsync(probe, route: 1, ct);
            if (await EventuallyAsync(() => console.Holds(probe.Events[0].Id), TimeSpan.FromSeconds(1))) return sinceKill.Elapsed;
        }
        return null;
    }

    /// <summary>Time from the kill until every customer has answered once through the surviving gateway.</summary>
    private static async Task<TimeSpan> AllCustomersAnswerAsync(HttpClient gateway, IReadOnlyList<string> customers, Stopwatch sinceKill, CancellationToken ct)
    {
        var pending = customers.ToList();
        while (pending.Count > 0)
        {
            var answered = await ReadAllAsync(pending, c => $"/api/v1/tenants/{Tenant}/customers/{c}", gateway, ct);
            pending.RemoveAll(answered.ContainsKey);
            if (pending.Count > 0) await Task.Delay(100, ct);
        }
        return sinceKill.Elapsed;
    }

    /// <summary>Reads every customer and group until each shows exactly what was acknowledged, or the time is up.</summary>
    private static async Task<Outcome> ConvergeAsync(HttpClient gateway, IngestBurst burst, IReadOnlyCollection<IngestBatch> acked, TimeSpan timeout, CancellationToken ct)
    {
        var events = acked.SelectMany(b => b.Events).ToList();
        var purchases = events.Where(e => e.IsPurchase).GroupBy(e => e.Customer).ToDictionary(g => g.Key, g => (Count: g.Count(), Sum: g.Sum(e => e.Amount!.Value)));
        var messages = events.Where(e => e.IsGroupMessage).GroupBy(e => e.Customer).ToDictionary(g => g.Key, g => g.Count());
        var groups = Enumerable.Range(0, IngestBurst.Groups).Select(g => $"g{g}").ToList();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var customers = await ReadAllAsync(burst.Customers, c => $"/api/v1/tenants/{Tenant}/customers/{c}", gateway, ct);
            var groupViews = await ReadAllAsync(groups, g => $"/api/v1/tenants/{Tenant}/groups/{g}", gateway, ct);
            var outcome = Outcome.Compare(burst.Customers, purchases, messages, customers, groupViews);
            if (outcome.Mismatches.Count == 0 || DateTime.UtcNow > deadline) return outcome;
            await Task.Delay(500, ct);
        }
    }

    /// <summary>GETs each path (8 at a time); the answers that came back 200, by id.</summary>
    private static async Task<Dictionary<string, JsonNode>> ReadAllAsync(IReadOnlyList<string> ids, Func<string, string> path, HttpClient gateway, CancellationToken ct)
    {
        var answers = new System.Collections.Concurrent.ConcurrentDictionary<string, JsonNode>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (id, token) =>
        {
            try
            {
                using var response = await gateway.GetAsync(path(id), token);
                if (response.StatusCode == HttpStatusCode.OK) answers[id] = JsonNode.Parse(await response.Content.ReadAsStringAsync(token))!;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !token.IsCancellationRequested)
            {
                // Not answered this round.
            }
        });
        return new Dictionary<string, JsonNode>(answers);
    }

    /// <summary>Calls until answered 2xx (and, if given, <paramref name="done"/> holds for the body); 4xx fails at once.</summary>
    private static async Task<string> SucceedAsync(Func<Task<HttpResponseMessage>> call, Func<string, bool>? done = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var response = await call();
                var body = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode && (done is null || done(body))) return body;
                if (response.IsSuccessStatusCode && DateTime.UtcNow > deadline) throw new TimeoutException($"not yet after 30 s: {body}");
                if (!response.IsSuccessStatusCode && ((int)response.StatusCode < 500 || DateTime.UtcNow > deadline)) throw new InvalidOperationException($"{(int)response.StatusCode}: {body}");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline)
            {
                // The cluster is still settling.
            }
            await Task.Delay(200);
        }
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition()) return true;
            await Task.Delay(50);
        }
        return condition();
    }

    /// <summary>What the engine shows against what was acknowledged: per customer, purchases and group messages.</summary>
    private sealed record Outcome(int Lost, int Doubled, int Purchases, int GroupMessages, List<string> Mismatches)
    {
        public static Outcome Compare(IReadOnlyList<string> customerIds, Dictionary<string, (int Count, decimal Sum)> purchases,
            Dictionary<string, int> messages, Dictionary<string, JsonNode> customers, Dictionary<string, JsonNode> groups)
        {
            int lost = 0, doubled = 0;
            var mismatches = new List<string>();
            var members = groups.Values.SelectMany(g => g["members"]!.AsArray())
                .ToDictionary(m => (string)m!["customerId"]!, m => (int)m!["messages"]!);
            foreach (var id in customerIds)
            {
                var (count, sum) = purchases.GetValueOrDefault(id);
                var expectedMessages = messages.GetValueOrDefault(id);
                if (!customers.TryGetValue(id, out var view) || !members.TryGetValue(id, out var actualMessages))
                {
                    mismatches.Add($"{id}: not answered");
                    continue;
                }
                var actualCount = (int)view["rfm"]!["frequency"]!;
                var actualSum = (decimal)view["rfm"]!["monetary"]!;
                lost += Math.Max(0, count - actualCount) + Math.Max(0, expectedMessages - actualMessages);
                doubled += Math.Max(0, actualCount - count) + Math.Max(0, actualMessages - expectedMessages);
                if (actualCount != count || actualSum != sum || actualMessages != expectedMessages)
                    mismatches.Add($"{id}: purchases {actualCount} (acked {count}), amount {actualSum} (acked {sum}), group messages {actualMessages} (acked {expectedMessages})");
            }
            foreach (var (id, group) in groups)
            {
                var expected = messages.Where(m => IngestBurst.GroupOf(m.Key) == id).Sum(m => m.Value);
                var total = (int)group["activity"]!["messagesTotal"]!;
                if (total != expected) mismatches.Add($"{id}: {total} messages (acked {expected})");
            }
            if (groups.Count < IngestBurst.Groups) mismatches.Add($"{IngestBurst.Groups - groups.Count} groups not answered");
            return new Outcome(lost, doubled, purchases.Values.Sum(p => p.Count), messages.Values.Sum(), mismatches);
        }
    }
}
