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
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using PrivateDomain.Contracts;
using PrivateDomain.Gateway.Hosting;
using PrivateDomain.Gateway.Ingestion;
using PrivateDomain.Grains.Telemetry;
using PrivateDomain.Silo.Streams;
using PrivateDomain.Storage;

namespace PrivateDomain.Bench;

/// <summary>
/// The issue #6 headline: one campaign to --groups groups of --members members (one post each, reaching its members)
/// plus --directs 1:1 customers, planned and placed in the outbox (quota reserved, held under the owning agents'
/// confirm tasks) while a group chat burst of --chat-rate messages/s runs for --chat-seconds through anti-harassment,
/// with --consoles agent consoles connected (a child process) receiving every chat of their personas' groups.
/// Reports the time to plan and place every delivery, peak memory, duplicates, spam decision latency and console push
/// latency; the same-run baseline is a plain in-process loop inserting the same outbox rows into a fresh SQLite file.
/// </summary>
internal static class CampaignScenario
{
    private const string Tenant = ConsoleScenario.Tenant;
    private const string Key = "bench-key-0123456789";
    private const string CampaignId = "double11";

    private static string GroupId(int g) => string.Create(CultureInfo.InvariantCulture, $"g{g}");

    private static string MemberId(int g, int m) => string.Create(CultureInfo.InvariantCulture, $"m{g}-{m}");

    /// <summary>
    /// Collects the grains idle for <paramref name="idleSeconds"/>, as Orleans' idle collector would, and reports how
    /// long it took and what it freed.
    /// </summary>
    private static async Task CollectIdleAsync(IManagementGrain management, double idleSeconds)
    {
        var heapBefore = GC.GetTotalMemory(false);
        var activeBefore = await ActivationCountAsync(management);
        await Task.Delay(TimeSpan.FromSeconds(idleSeconds));
        var clock = Stopwatch.StartNew();
        try
        {
            await management.ForceActivationCollection(TimeSpan.FromSeconds(idleSeconds));
        }
        catch (TimeoutException)
        {
            // A million deactivations outlast the call's response timeout; the silo's collector carries on.
        }
        // Done when the count stops falling (checked every 5 s), or after 15 minutes.
        for (long last = long.MaxValue, now; clock.Elapsed < TimeSpan.FromMinutes(15); last = now)
        {
            await Task.Delay(5_000);
            if ((now = await ActivationCountAsync(management)) >= last) break;
        }
        Console.WriteLine(Invariant($"collect:  grains idle {idleSeconds:F0} s collected in {clock.Elapsed.TotalSeconds:F1} s, as Orleans' idle collector would: activations {activeBefore:N0} → {await ActivationCountAsync(management):N0}, managed heap {heapBefore / 1e9:F2} → {GC.GetTotalMemory(true) / 1e9:F2} GB"));
    }

    private static async Task<long> ActivationCountAsync(IManagementGrain management) =>
        (await management.GetSimpleGrainStatistics()).Sum(s => (long)s.ActivationCount);

    private static string DirectId(int n) => string.Create(CultureInfo.InvariantCulture, $"d{n}");

    public static async Task<int> RunAsync(BenchArgs a)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var groups = a.Int("groups", 2_000);
        var members = a.Int("members", 500);
        var directs = a.Int("directs", 100_000);
        var personas = a.Int("personas", 100);
        var consoles = a.Int("consoles", 200);
        var chatRate = a.Double("chat-rate", 10_000);
        var chatSeconds = a.Double("chat-seconds", 30);
        var batch = a.Int("batch", 100);
        var spamShare = a.Double("spam", 0.02);
        var campaignAfter = a.Double("campaign-after", 3);
        var channel = a.String("channel", "wecom");
        // Customers seeded minutes ago are not resident in a running engine: Orleans collects them after 15 idle minutes.
        // --collect-idle-seconds N collects the seeded grains idle for N seconds before the timed phase (0, the default: keep them).
        var collectIdle = a.Double("collect-idle-seconds", 0);
        if (groups % personas != 0 || consoles % personas != 0) throw new ArgumentException("--groups and --consoles must be multiples of --personas.");
        var recipients = (long)groups * members + directs;
        Console.WriteLine(Invariant($"campaign: {groups:N0} groups × {members} members + {directs:N0} 1:1 customers = {recipients:N0} recipients on {personas} personas, channel {channel}; " +
                                    $"chat burst {chatRate:N0} msg/s for {chatSeconds} s ({spamShare:P1} spam) with {consoles:N0} consoles; {Environment.ProcessorCount} cores, embedded (SQLite)"));

        var data = Directory.CreateTempSubdirectory("pd-bench-campaign-").FullName;
        var app = EngineApp.Build(
        [
            "--urls=http://127.0.0.1:0", $"--Storage:DataDirectory={data}", $"--Tenants:{Tenant}:IngestKey={Key}",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Orleans=Error", "--Logging:LogLevel:PrivateDomain.Grains.Grains=Error",
            "--Engine:SiloPort=11195", "--Engine:GatewayPort=30095",
        ], environment: "Development", contentRoot: AppContext.BaseDirectory);
        await app.StartAsync();
        Process? child = null;
        try
        {
            var baseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
            http.DefaultRequestHeaders.Authorization = new("Bearer", Key);
            var log = app.Services.GetRequiredService<IEventLog>();
            var queues = app.Services.GetRequiredService<IOptions<EventLogStreamOptions>>().Value.Queues;

            // 1. Seed (not timed as the campaign): personas and agents, groups and their members, 1:1 customers.
            var seedClock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, personas), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (p, ct) =>
            {
                var agents = Enumerable.Range(0, consoles / personas).Select(k => ConsoleScenario.AgentId(p, k)).ToList();
                (await http.PutAsJsonAsync($"/api/v1/tenants/{Tenant}/personas/{ConsoleScenario.PersonaId(p)}", new { name = $"Bench {p}", agentIds = agents }, ct)).EnsureSuccessStatusCode();
            });
            await Parallel.ForEachAsync(Enumerable.Range(0, groups), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (g, ct) =>
                (await http.PutAsJsonAsync($"/api/v1/tenants/{Tenant}/groups/{GroupId(g)}",
                    new { name = $"福利群 {g}", ownerPersonaId = ConsoleScenario.PersonaId(g % personas), sizeCap = members <= 200 ? 200 : 500, tags = new[] { "double11" } }, ct))
                .EnsureSuccessStatusCode());
            var policy = """
                { "enabled": true, "exemptAdmins": true, "sensitiveWords": ["代开发票", { "word": "刷单", "action": "delete" }],
                  "links": { "block": true, "allowDomains": ["brand.example"] }, "qrCodes": { "block": true },
                  "flood": { "maxMessages": 10, "windowSeconds": 60 }, "newMembers": { "muteMinutes": 10 },
                  "escalation": { "steps": ["warn", "delete", "remove"], "windowHours": 24 } }
                """;
            var policyStatus = (await http.PutAsync($"/api/v1/tenants/{Tenant}/groups/moderation-policy", new StringContent(policy, Encoding.UTF8, "application/json"))).StatusCode;
            if (policyStatus != HttpStatusCode.OK) Console.WriteLine($"          moderation policy PUT answered {(int)policyStatus}; the default policy applies");
            var seeded = DateTimeOffset.UtcNow.AddHours(-2); // members joined two hours ago: past any new-member mute
            var joins = Enumerable.Range(0, groups).SelectMany(g => Enumerable.Range(0, members).Select(m =>
                new EngineEvent($"join-{g}-{m}", EventTypes.MemberJoined, MemberId(g, m), GroupId(g), null, seeded, "{}")));
            var added = Enumerable.Range(0, directs).Select(n =>
                new EngineEvent($"add-{n}", EventTypes.CustomerAdded, DirectId(n), null, ConsoleScenario.PersonaId(n % personas), seeded, """{"source":"bench","tags":["double11"]}"""));
            foreach (var chunk in joins.Concat(added).Chunk(2_000))
                await log.AppendAsync(Tenant, chunk, CancellationToken.None);
            await HttpLoad.DrainAsync(log, queues);
            var directory = app.Services.GetRequiredService<ICustomerDirectory>();
            var listed = 0;
            for (var wait = Stopwatch.StartNew(); wait.Elapsed < TimeSpan.FromMinutes(a.Double("directory-minutes", 20)); await Task.Delay(1_000))
                if ((listed = await CountDirectoryAsync(directory)) >= directs) break;
            Console.WriteLine(Invariant($"seed:     {groups:N0} groups, {(long)groups * members:N0} joins, {directs:N0} customers ({listed:N0} in the customer directory) in {seedClock.Elapsed.TotalSeconds:F0} s"));
            if (collectIdle > 0) await CollectIdleAsync(app.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0), collectIdle);

            // 2. Consoles: one per agent, in a child process, counting every chat of their persona's groups.
            child = ConsoleScenario.StartClients(baseAddress.Port, consoles, personas, 200);
            var replies = ConsoleScenario.Replies(child);
            var connected = await ConsoleScenario.ExpectAsync(replies, "connected");
            Console.WriteLine(Invariant($"consoles: {connected.GetProperty("connected").GetInt32():N0}/{consoles:N0} up and synced, {connected.GetProperty("failures").GetInt32()} failures"));
            var chats = new GroupChats(groups, members, personas, spamShare);
            await ChatLoopAsync(log, chats, "warm", Math.Min(chatRate, 2_000), batch, 5);
            await HttpLoad.DrainAsync(log, queues);
            await Task.Delay(1_000);

            // 3. The burst, and the campaign placed while it runs.
            await ConsoleScenario.CommandAsync(child, replies, "run run", "ok");
            using var meter = new ModerationMeter();
            using var sampler = new MemorySampler();
            var pauses = GC.GetTotalPauseDuration();
            var burst = ChatLoopAsync(log, chats, "run", chatRate, batch, chatSeconds);
            await Task.Delay(TimeSpan.FromSeconds(campaignAfter));
            var spec = new
            {
                name = "双11 预热",
                audience = new { groupTags = new[] { "double11" }, customerTags = new[] { "double11" } },
                message = new { kind = "text", template = "{{customer.name}}，双11 预热开始：{{group.name}} 专属券已到账" },
                channel,
            };
            var planClock = Stopwatch.StartNew();
            var put = await http.PutAsJsonAsync($"/api/v1/tenants/{Tenant}/campaigns/{CampaignId}", spec);
            if (!put.IsSuccessStatusCode) throw new InvalidOperationException($"Creating the campaign answered {(int)put.StatusCode}: {await put.Content.ReadAsStringAsync()}");
            var expected = groups + directs;
            JsonElement view = default;
            for (; planClock.Elapsed < TimeSpan.FromMinutes(10); await Task.Delay(100))
            {
                view = await http.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Tenant}/campaigns/{CampaignId}");
                var c = view.GetProperty("counts");
                if (c.GetProperty("deliveries").GetInt64() + c.GetProperty("skippedQuota").GetInt64() + c.GetProperty("skippedDuplicate").GetInt64() >= expected
                    && view.GetProperty("state").GetString() is not ("planning" or "scheduled")) break;
            }
            var planned = planClock.Elapsed;
            var load = await burst;
            var memory = await sampler.StopAsync();
            var counts = view.GetProperty("counts");
            var drain = await HttpLoad.DrainAsync(log, queues);
            var pushes = await ConsoleScenario.CommandAsync(child, replies, $"report {chats.Tracked} 5000", "report");
            var (decision, age, decisions) = meter.Snapshot();

            // 4. Duplicates, straight from the outbox file.
            var (rows, distinctRecipients, recipientRows, bothWays) = Duplicates(Path.Combine(data, "outbox.db"));
            Console.WriteLine(Invariant($"campaign: {recipients:N0} recipients planned and placed in {planned.TotalSeconds:F1} s (target ≤ 60 s) while the burst ran; state {view.GetProperty("state").GetString()}; " +
                                        $"deliveries {counts.GetProperty("deliveries").GetInt64():N0} (held {counts.GetProperty("held").GetInt64():N0}, queued {counts.GetProperty("queued").GetInt64():N0}), " +
                                        $"recipients {counts.GetProperty("recipients").GetInt64():N0}, skipped for quota {counts.GetProperty("skippedQuota").GetInt64():N0}, " +
                                        $"tasks {view.GetProperty("tasks").GetArrayLength():N0}"));
            Console.WriteLine(Invariant($"          {recipients / planned.TotalSeconds:N0} recipients/s, {expected / planned.TotalSeconds:N0} deliveries/s; " +
                                        $"duplicates: {rows - distinctRecipients.Deliveries:N0} outbox rows beyond one per delivery id, {recipientRows - distinctRecipients.Customers:N0} recipient rows beyond one per customer, " +
                                        $"{bothWays:N0} customers reached twice"));
            Console.WriteLine(Invariant($"memory:   peak working set {memory.PeakWorkingSet / 1048576.0:F0} MiB, peak managed heap {memory.PeakHeap / 1048576.0:F0} MiB during the run " +
                                        $"(from {memory.StartWorkingSet / 1048576.0:F0} / {memory.StartHeap / 1048576.0:F0} MiB); GC pauses {(GC.GetTotalPauseDuration() - pauses).TotalMilliseconds:F0} ms"));
            Console.WriteLine(Invariant($"chat:     {load.Events:N0} messages acked in {load.Elapsed.TotalSeconds:F1} s = {load.Events / load.Elapsed.TotalSeconds:N0}/s (offered {chatRate:N0}/s), non-202 {load.Errors}; " +
                                        $"ack p99 {load.Acks.PercentileMs(99):F1} ms; all applied {drain.TotalMilliseconds:F0} ms after the last ack"));
            Console.WriteLine(Invariant($"spam:     {decision.Count:N0} decisions ({string.Join(", ", decisions.OrderBy(d => d.Key).Select(d => $"{d.Key} {d.Value:N0}"))}); " +
                                        $"decision (grain receives → decided) p50 {decision.PercentileMs(50):F2} ms, p99 {decision.PercentileMs(99):F2} ms, max {decision.MaxMs:F1} ms (target p99 ≤ 10 ms); " +
                                        $"ingest → decided p50 {age.PercentileMs(50):F0} ms, p99 {age.PercentileMs(99):F0} ms"));
            ConsoleScenario.PrintPushes("consoles:", chats.Tracked, pushes);

            var baseline = CampaignStoreScenario.Baseline(Path.Combine(data, "baseline"),
                CampaignStoreScenario.Chunks(Tenant, "baseline", groups, members, directs, 20, 1_000));
            Console.WriteLine(Invariant($"baseline: a plain in-process loop inserting the same {expected:N0} outbox rows into a fresh SQLite file: {baseline.PerSecond:N0} rows/s = {expected / baseline.PerSecond:F2} s " +
                                        $"(the engine: {expected / planned.TotalSeconds:N0} deliveries/s with quota, recipients, group slots and tasks)"));

            await ConsoleScenario.QuitClientsAsync(child, replies);
            var clean = rows == distinctRecipients.Deliveries && recipientRows == distinctRecipients.Customers && bothWays == 0 && load.Errors == 0
                        && pushes.GetProperty("lost").GetInt64() == 0 && pushes.GetProperty("doubled").GetInt64() == 0;
            return clean ? 0 : 1;
        }
        finally
        {
            await ConsoleScenario.TearDownAsync(child, app, data);
        }
    }

    private static async Task<int> CountDirectoryAsync(ICustomerDirectory directory)
    {
        var count = 0;
        string? after = null;
        while (true)
        {
            var page = await directory.PageAsync(Tenant, null, null, all: true, after, 10_000);
            count += page.Count;
            if (page.Count < 10_000) return count;
            after = page[^1].CustomerId;
        }
    }

    /// <summary>The campaign's outbox rows and distinct delivery ids; recipient rows and distinct customers; customers reached twice.</summary>
    private static (long Rows, (long Deliveries, long Customers) Distinct, long RecipientRows, long BothWays) Duplicates(string outboxFile)
    {
        using var connection = new SqliteConnection($"Data Source={outboxFile};Mode=ReadOnly");
        connection.Open();
        long Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$tenant", Tenant);
            command.Parameters.AddWithValue("$prefix", $"cmp:{CampaignId}:%");
            command.Parameters.AddWithValue("$campaign", CampaignId);
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        var rows = Scalar("SELECT COUNT(*) FROM outbox WHERE tenant_id = $tenant AND delivery_id LIKE $prefix;");
        var deliveries = Scalar("SELECT COUNT(DISTINCT delivery_id) FROM outbox WHERE tenant_id = $tenant AND delivery_id LIKE $prefix;");
        const string Recipients = """
            FROM campaign_recipient r JOIN campaign_delivery d ON d.tenant_id = r.tenant_id AND d.delivery_id = r.delivery_id
            WHERE d.tenant_id = $tenant AND d.campaign_id = $campaign
            """;
        var recipientRows = Scalar($"SELECT COUNT(*) {Recipients};");
        var customers = Scalar($"SELECT COUNT(DISTINCT r.customer_id) {Recipients};");
        // Members are distinct per group here, so a customer with two recipient rows was reached twice (a group and 1:1, or twice 1:1).
        var both = Scalar($"SELECT COUNT(*) FROM (SELECT r.customer_id {Recipients} GROUP BY r.customer_id HAVING COUNT(*) > 1);");
        return (rows, (deliveries, customers), recipientRows, both);
    }

    /// <summary>Open loop of group chats appended in process (the ingestion endpoint's validation and durable append).</summary>
    private static Task<HttpLoad.LoadResult> ChatLoopAsync(IEventLog log, GroupChats chats, string tag, double rate, int batch, double seconds) =>
        HttpLoad.OpenLoopAsync(rate, batch, seconds, (_, due, _) => chats.Next(tag, batch, due), body => HttpLoad.AppendInProcessAsync(log, Tenant, body));

    /// <summary>
    /// Chat n is said in a group owned by persona n mod personas (so the console fleet knows who must see it), by one of
    /// its members, stamped with its batch's intended send time; a share of them is spam (links, sensitive words, QR codes).
    /// </summary>
    private sealed class GroupChats(int groups, int members, int personas, double spamShare)
    {
        private readonly Random _rng = new(20261111);
        private long _n;

        public int Tracked { get; private set; }

        public string Next(string tag, int count, long due)
        {
            var at = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
            var list = new List<Dictionary<string, object?>>(count);
            for (var i = 0; i < count; i++)
            {
                var chat = tag == "run" ? Tracked++ : (int)(_n % int.MaxValue);
                var g = chat % personas + personas * _rng.Next(groups / personas);
                var roll = _rng.NextDouble();
                var text = ConsoleEventsText(due, tag, chat) + (roll < spamShare / 3 ? " 加我 http://spam.example/x 领红包"
                    : roll < spamShare * 2 / 3 ? " 代开发票 刷单 联系我" : roll < spamShare ? " 扫码进群 二维码" : " 今天的福利什么时候发？");
                list.Add(new Dictionary<string, object?>
                {
                    ["id"] = $"{tag}-{_n++}", ["type"] = EventTypes.ChatMessage, ["customerId"] = MemberId(g, _rng.Next(members)), ["groupId"] = GroupId(g),
                    ["personaId"] = ConsoleScenario.PersonaId(g % personas), ["occurredAt"] = at, ["data"] = new { text },
                });
            }
            return JsonSerializer.Serialize(list);
        }

        private static string ConsoleEventsText(long due, string tag, int chat) => string.Create(CultureInfo.InvariantCulture, $"ts:{due} r:{tag} e:{chat}");
    }

    /// <summary>The moderation histograms and decision counter during the run.</summary>
    private sealed class ModerationMeter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<long> _decision = new();
        private readonly ConcurrentQueue<long> _age = new();
        private readonly ConcurrentDictionary<string, long> _decisions = new(StringComparer.Ordinal);

        public ModerationMeter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == EngineTelemetry.Name && instrument.Name.StartsWith("pd.group.moderation.", StringComparison.Ordinal))
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<double>((instrument, ms, _, _) =>
                (instrument.Name == "pd.group.moderation.decision" ? _decision : _age).Enqueue((long)(ms * Stopwatch.Frequency / 1000)));
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                string? action = null;
                foreach (var t in tags)
                    if (t.Key == "action") action = t.Value?.ToString();
                _decisions.AddOrUpdate(action ?? "?", value, (_, v) => v + value);
            });
            _listener.Start();
        }

        public (Latencies Decision, Latencies Age, IReadOnlyDictionary<string, long> Decisions) Snapshot() => (new(_decision), new(_age), _decisions);

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>Samples the process working set and managed heap every 100 ms until stopped; keeps the peaks.</summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private long _peakWorkingSet;
        private long _peakHeap;

        public MemorySampler()
        {
            StartWorkingSet = ConsoleScenario.WorkingSet();
            StartHeap = GC.GetTotalMemory(false);
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    _peakWorkingSet = Math.Max(_peakWorkingSet, ConsoleScenario.WorkingSet());
                    _peakHeap = Math.Max(_peakHeap, GC.GetTotalMemory(false));
                    await Task.Delay(100).ConfigureAwait(false);
                }
            });
        }

        public long StartWorkingSet { get; }

        public long StartHeap { get; }

        public async Task<(long PeakWorkingSet, long PeakHeap, long StartWorkingSet, long StartHeap)> StopAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            return (_peakWorkingSet, _peakHeap, StartWorkingSet, StartHeap);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _stop.Dispose();
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>For lines joined from several interpolations: the run sets the invariant culture first.</summary>
    private static string Invariant(string s) => s;
}
