using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using PrivateDomain.Tests.Integration.Infrastructure;
using Xunit.Abstractions;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Integration.Process;

/// <summary>
/// Promise: a campaign whose engine process is SIGKILLed while planning, and again while sending, places every
/// delivery exactly once (one outbox row, one quota unit, one recipient row per customer) and sends each exactly once —
/// except at most the sends the kill caught between the channel call and the outbox recording it.
/// </summary>
public sealed class CampaignKillTests(ITestOutputHelper output) : IDisposable
{
    private const string Tenant = EngineHost.Tenant1;
    private const string Root = $"/api/v1/tenants/{Tenant}";
    private const string CampaignId = "kill";
    private const int Personas = 10, Groups = 100, Members = 40, Customers = 3_000;

    /// <summary>
    /// The WeCom lane's sends in flight at once (<c>Outbox:Channels:wecom:Concurrency</c>, 1 by default, kept here).
    /// Each send's outcome is committed before the lane's worker takes its next message, so a kill can catch at most
    /// this many messages between "the channel accepted it" and "the outbox row says sent".
    /// </summary>
    private const int LaneConcurrency = 1;

    private readonly string _data = Directory.CreateTempSubdirectory("pd-campaign-kill-").FullName;
    private string SendLog => Path.Combine(_data, "sends.log");
    private string OutboxFile => Path.Combine(_data, "outbox.db");

    private static string Persona(int p) => $"p{p}";
    private static string Agent(int p) => $"a{p}";
    private static string Group(int g) => $"g{g:D3}";
    private static string Customer(int n) => $"c{n:D4}";

    private Task<EngineProcess> StartAsync() => EngineProcess.StartAsync(_data,
        // Small chunks so planning takes long enough to be caught; fast enough WeCom throttle to send 3,100 in seconds.
        "--Campaigns:ChunkSize=20", $"--Outbox:Simulated:SendLog={SendLog}",
        $"--Outbox:Channels:wecom:Concurrency={LaneConcurrency}", "--Outbox:Channels:wecom:RatePerSecond=600", "--Outbox:Channels:wecom:Burst=600",
        "--Outbox:Channels:wecom:PersonaRatePerSecond=100", "--Outbox:Channels:wecom:PersonaBurst=100", "--Outbox:Channels:wecom:MinRatePerSecond=1");

    [Fact]
    public async Task A_campaign_killed_while_planning_and_while_sending_places_and_sends_every_delivery_once()
    {
        const int Deliveries = Groups + Customers;
        long placedAtKill, sentAtKill;
        var started = DateTime.UtcNow;

        await using (var engine = await StartAsync())
        {
            using var client = engine.Client();
            await SeedAsync(client);
            output.WriteLine($"seeded in {(DateTime.UtcNow - started).TotalSeconds:F1} s");

            var put = await client.PutJsonAsync($"{Root}/campaigns/{CampaignId}", new
            {
                name = "Kill",
                audience = new { groupIds = Enumerable.Range(0, Groups).Select(Group).ToArray(), customerTags = new[] { "kol" } },
                message = new { kind = "text", template = "Hi {{customer.name|there}} from {{persona.name}}" },
                channel = "wecom",
            });
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            // Killed once the 1:1 customers are being placed (groups done, the customer cursor moving), still planning.
            var caught = await Eventually.GetAsync(() => CampaignAsync(client),
                v => (string?)v["state"] != "planning" || Count(v, "deliveries") > Groups, TimeSpan.FromSeconds(30), "planning under way");
            engine.Kill();
            Assert.Equal("planning", (string?)caught["state"]);
            placedAtKill = Count(caught, "deliveries");
        }

        JsonNode planned;
        await using (var engine = await StartAsync())
        {
            using var client = engine.Client();
            planned = await Eventually.GetAsync(() => CampaignAsync(client), v => (string?)v["state"] == "sending", TimeSpan.FromSeconds(30), "planning resumed and done");
            Assert.Equal((Deliveries, Deliveries, Groups * Members + Customers),
                (Count(planned, "deliveries"), Count(planned, "held"), Count(planned, "recipients")));
            Assert.Equal((0, 0), (Count(planned, "skippedQuota"), Count(planned, "skippedDuplicate")));
            AssertPlacedOnce();

            // Every task confirmed by its agent (a persona task by the persona's agent), then killed mid-send.
            var tasks = planned["tasks"]!.AsArray();
            Assert.Equal(Deliveries, tasks.Sum(t => (int)t!["deliveries"]!));
            foreach (var task in tasks)
            {
                var agent = (string?)task!["agentId"] ?? Agent(int.Parse(((string)task["personaId"]!)[1..], CultureInfo.InvariantCulture));
                var confirm = await client.PostAsJsonAsync($"{Root}/campaigns/{CampaignId}/tasks/{task["taskId"]}/confirm", new { agentId = agent }, Web);
                Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
            }
            var sending = await Eventually.GetAsync(() => CampaignAsync(client),
                v => Count(v, "sent") > 0 || (string?)v["state"] == "completed", TimeSpan.FromSeconds(30), "sending under way");
            engine.Kill();
            sentAtKill = Count(sending, "sent");
            Assert.InRange(sentAtKill, 1, Deliveries - 1);
        }

        await using (var engine = await StartAsync())
        {
            using var client = engine.Client();
            var done = await Eventually.GetAsync(() => CampaignAsync(client), v => (string?)v["state"] == "completed", TimeSpan.FromSeconds(45), "completed");
            Assert.Equal((Deliveries, Deliveries, 0, 0, 0, 0),
                (Count(done, "deliveries"), Count(done, "sent"), Count(done, "held"), Count(done, "queued"), Count(done, "paused"), Count(done, "failed")));
            Assert.Equal(Groups * Members + Customers, Count(done, "reached"));
        }
        AssertPlacedOnce();

        // The channel's own record across all three processes: every delivery sent, none twice — except a send the
        // kill caught after the adapter accepted it and before the outbox committed "sent": that row is still pending
        // after the restart and is sent again, with the same delivery id. Nothing downstream drops the repeat: WeCom's
        // mass-send (externalcontact/add_msg_template) takes no caller-supplied id (its msgid is WeCom's answer), so a
        // real resend would create a second mass-send task for that recipient in the agent's client. The window is
        // bounded by the lane's concurrency (1 by default): each outcome is committed before the next send starts.
        var sends = await File.ReadAllLinesAsync(SendLog);
        var perDelivery = sends.GroupBy(d => d, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var expectedIds = OutboxIds();
        Assert.Equal(Deliveries, expectedIds.Count);
        Assert.True(perDelivery.Keys.ToHashSet(StringComparer.Ordinal).SetEquals(expectedIds), "the send log names exactly the campaign's deliveries");
        var twice = perDelivery.Where(p => p.Value > 1).ToList();
        Assert.All(twice, p => Assert.Equal(2, p.Value));
        Assert.InRange(twice.Count, 0, LaneConcurrency);
        output.WriteLine($"planning killed at {placedAtKill} deliveries placed; sending killed at {sentAtKill} sent; " +
                         $"sends logged {sends.Length} for {Deliveries} deliveries, sent twice: {(twice.Count == 0 ? "none" : string.Join(", ", twice.Select(p => p.Key)))}; " +
                         $"total {(DateTime.UtcNow - started).TotalSeconds:F1} s");
    }

    /// <summary>Personas with one agent each; 100 groups of 40 members; 3,000 1:1 customers tagged "kol".</summary>
    private async Task SeedAsync(HttpClient client)
    {
        // Group posts are slotted by the group's cadence (quiet hours 22:00–08:00 in its zone): give each group a zone
        // where it is midday now, so the posts are due at once whenever the test runs.
        var offset = 12 - DateTime.UtcNow.Hour;
        var zone = offset switch { 0 => "Etc/GMT", > 0 => $"Etc/GMT-{offset}", _ => $"Etc/GMT+{-offset}" };
        for (var p = 0; p < Personas; p++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PutJsonAsync($"{Root}/agents/{Agent(p)}", new { name = $"Agent {p}" })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.PutJsonAsync($"{Root}/personas/{Persona(p)}", new { name = $"Persona {p}", agentIds = new[] { Agent(p) } })).StatusCode);
        }
        await Parallel.ForEachAsync(Enumerable.Range(0, Groups), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (g, ct) =>
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PutJsonAsync($"{Root}/groups/{Group(g)}", new { name = $"Fans {g}", ownerPersonaId = Persona(g % Personas) })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.PutJsonAsync($"{Root}/groups/{Group(g)}/sop", new { items = Array.Empty<object>(), cadence = new { timeZone = zone } })).StatusCode);
        });
        var joined = DateTimeOffset.UtcNow.AddHours(-1);
        var events = Enumerable.Range(0, Groups).SelectMany(g => Enumerable.Range(0, Members).Select(m =>
                Event($"join-{g}-{m}", "group.member_joined", $"m{g:D3}-{m:D2}", Group(g), at: joined)))
            .Concat(Enumerable.Range(0, Customers).Select(n =>
                Event($"add-{n}", "customer.added", Customer(n), persona: Persona(n % Personas), data: new { source = "live_stream", tags = new[] { "kol" } }, at: joined)));
        foreach (var batch in events.Chunk(1_000))
            Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"{Root}/events", Body(batch))).StatusCode);

        // Wait until every group has its members and every customer is in the customer directory (written by its grain).
        await Eventually.GetAsync(() => Task.FromResult(Scalar("SELECT count(*) FROM customer_tag WHERE tenant_id = $tenant AND tag = 'kol'")),
            n => n == Customers, TimeSpan.FromSeconds(40), "customers in the directory");
        foreach (var g in Enumerable.Range(0, Groups))
            await Eventually.GetAsync(async () => await (await client.GetAsync($"{Root}/groups/{Group(g)}")).ReadAsync(),
                v => (int?)v["memberCount"] == Members, TimeSpan.FromSeconds(20), $"{Group(g)} members");
    }

    private static async Task<JsonNode> CampaignAsync(HttpClient client) => await (await client.GetAsync($"{Root}/campaigns/{CampaignId}")).ReadAsync();

    private static long Count(JsonNode view, string name) => (long)view["counts"]![name]!;

    /// <summary>Straight from outbox.db (read-only): one row per delivery, one recipient row per customer, one quota unit per subject.</summary>
    private void AssertPlacedOnce()
    {
        const int Deliveries = Groups + Customers;
        const string Prefix = $"cmp:{CampaignId}:%";
        Assert.Equal(Deliveries, Scalar("SELECT count(*) FROM outbox WHERE tenant_id = $tenant AND delivery_id LIKE $prefix", Prefix));
        Assert.Equal(Deliveries, Scalar("SELECT count(DISTINCT delivery_id) FROM outbox WHERE tenant_id = $tenant AND delivery_id LIKE $prefix", Prefix));
        Assert.Equal(Groups, Scalar("SELECT count(*) FROM outbox WHERE tenant_id = $tenant AND delivery_id LIKE $prefix AND group_id IS NOT NULL", Prefix));
        Assert.Equal(Deliveries, Scalar("SELECT count(*) FROM campaign_delivery WHERE tenant_id = $tenant AND campaign_id = $campaign", Prefix));
        // Recipient rows: a group post's members and the 1:1 customers, each customer exactly once.
        const string Recipients = "FROM campaign_recipient r JOIN campaign_delivery d ON d.tenant_id = r.tenant_id AND d.delivery_id = r.delivery_id " +
                                  "WHERE r.tenant_id = $tenant AND d.campaign_id = $campaign";
        Assert.Equal(Groups * Members + Customers, Scalar($"SELECT count(*) {Recipients}", Prefix));
        Assert.Equal(Groups * Members + Customers, Scalar($"SELECT count(DISTINCT r.customer_id) {Recipients}", Prefix));
        // Quota: one unit per subject (c:{customer} for each 1:1 message, g:{group} for each post), nothing more.
        Assert.Equal(Deliveries, Scalar("SELECT count(*) FROM campaign_quota WHERE tenant_id = $tenant", Prefix));
        Assert.Equal(Deliveries, Scalar("SELECT coalesce(sum(used), 0) FROM campaign_quota WHERE tenant_id = $tenant", Prefix));
        Assert.Equal(1, Scalar("SELECT coalesce(max(used), 0) FROM campaign_quota WHERE tenant_id = $tenant", Prefix));
    }

    private HashSet<string> OutboxIds()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT delivery_id FROM outbox WHERE tenant_id = $tenant AND delivery_id LIKE $prefix";
        command.Parameters.AddWithValue("$tenant", Tenant);
        command.Parameters.AddWithValue("$prefix", $"cmp:{CampaignId}:%");
        using var reader = command.ExecuteReader();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read()) ids.Add(reader.GetString(0));
        return ids;
    }

    private long Scalar(string sql, string? prefix = null)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$tenant", Tenant);
        command.Parameters.AddWithValue("$campaign", CampaignId);
        command.Parameters.AddWithValue("$prefix", prefix ?? "");
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={OutboxFile};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
