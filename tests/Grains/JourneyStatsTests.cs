using System.Text.Json;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using static PrivateDomain.Tests.Grains.Events;

namespace PrivateDomain.Tests.Grains;

/// <summary>
/// Journey analytics fed by the customer grains through their effects. As in <see cref="CustomerJourneyTests"/>, the
/// fixture's clock is frozen at <see cref="ClusterFixture.Now"/> and events are dated in the past instead.
/// </summary>
public abstract class JourneyStatsTests(ClusterFixture fx)
{
    [Collection(SqliteCollection.Name)]
    public sealed class Sqlite(SqliteClusterFixture fx) : JourneyStatsTests(fx);

    [Collection(PostgresCollection.Name)]
    public sealed class Postgres(PostgresClusterFixture fx) : JourneyStatsTests(fx);

    private static readonly DateTimeOffset Now = ClusterFixture.Now; // 20:00 in Asia/Shanghai

    private const string Welcome = """
        {
          "id": "welcome", "name": "Welcome", "version": 1, "timezone": "Asia/Shanghai",
          "entry": { "type": "event", "event": "customer.added", "filters": [ { "path": "data.source", "op": "eq", "value": "store_qr" } ] },
          "reentry": { "mode": "never" }, "maxConcurrent": 1,
          "goal": { "event": "behavior.purchase" },
          "start": "hello",
          "steps": [
            { "id": "hello", "type": "action", "action": { "type": "send_message", "kind": "text", "class": "service", "template": "Welcome!" }, "next": "wait-3d" },
            { "id": "wait-3d", "type": "wait", "duration": "3d", "next": "day-3" },
            { "id": "day-3", "type": "action", "action": { "type": "add_tag", "tag": "day3" }, "next": "wait-4d" },
            { "id": "wait-4d", "type": "wait", "duration": "4d", "next": "done" },
            { "id": "done", "type": "exit", "reason": "finished" }
          ]
        }
        """;

    private const string Promo = """
        {
          "id": "promo", "name": "Promo on a page view", "version": 1,
          "entry": { "type": "event", "event": "behavior.page_view" },
          "reentry": { "mode": "never" }, "maxConcurrent": 1,
          "start": "offer",
          "steps": [
            { "id": "offer", "type": "action", "action": { "type": "send_message", "kind": "text", "class": "marketing", "template": "20% off today." }, "next": "done" },
            { "id": "done", "type": "exit", "reason": "sent" }
          ]
        }
        """;

    private readonly string _tenant = NewId("t");

    private ICustomerGrain Customer(string id) => fx.Grains.GetGrain<ICustomerGrain>(TenantKey.Compose(_tenant, id));

    private IJourneyStatsGrain Stats(string journeyId) => fx.Grains.GetGrain<IJourneyStatsGrain>(TenantKey.Compose(_tenant, journeyId));

    private Task PublishAsync(string json) => Journeys.PublishAsync(fx.Grains, _tenant, json);

    private Task<JourneyVersionStats> VersionAsync(string journeyId, int version, Func<JourneyVersionStats, bool> done) =>
        EventuallyAsync(async () => (await Stats(journeyId).GetAsync()).Versions.FirstOrDefault(v => v.Version == version)
            ?? new JourneyVersionStats(version, 0, 0, 0, [], []), done);

    private static JourneyStepStats Step(JourneyVersionStats v, string stepId) => v.Steps.Single(s => s.StepId == stepId);

    [Fact]
    public async Task Entering_waiting_and_leaving_a_wait_are_counted_per_step()
    {
        await PublishAsync(Welcome);
        var customerId = NewId("c");
        var logged = await fx.AppendAsync(_tenant, Make(EventTypes.CustomerAdded, customerId, """{"source":"store_qr"}""", NewId("p"), at: Now.AddDays(-3)));

        await Customer(customerId).DeliverAsync(logged);

        var v1 = await VersionAsync("welcome", 1, v => v.Entered == 1);
        Assert.Equal((1L, 1L, 0L), (v1.Entered, v1.Waiting, v1.Converted));
        Assert.Equal(["hello", "wait-3d"], v1.Steps.Select(s => s.StepId));
        Assert.Equal((1L, 1L), (Step(v1, "hello").Entered, Step(v1, "hello").Sent));
        Assert.Equal((1L, 1L), (Step(v1, "wait-3d").Entered, Step(v1, "wait-3d").Waiting));

        await Customer(customerId).WakeAsync("due", Now);

        v1 = await VersionAsync("welcome", 1, v => v.Steps.Any(s => s.StepId == "wait-4d"));
        Assert.Equal((1L, 1L), (v1.Entered, v1.Waiting));
        Assert.Equal((1L, 0L), (Step(v1, "wait-3d").Entered, Step(v1, "wait-3d").Waiting));
        Assert.Equal(1L, Step(v1, "day-3").Entered);
        Assert.Equal((1L, 1L), (Step(v1, "wait-4d").Entered, Step(v1, "wait-4d").Waiting));
        Assert.Empty(v1.Exited);
    }

    [Fact]
    public async Task Goal_converts_and_exits_the_customer_from_its_wait()
    {
        await PublishAsync(Welcome);
        var customerId = NewId("c");
        var logged = await fx.AppendAsync(_tenant,
            Make(EventTypes.CustomerAdded, customerId, """{"source":"store_qr"}""", NewId("p"), at: Now.AddDays(-3)),
            Make(EventTypes.Purchase, customerId, """{"orderId":"o-1","amount":99}""", at: Now.AddDays(-1)));

        await Customer(customerId).DeliverAsync(logged);

        var v1 = await VersionAsync("welcome", 1, v => v.Converted == 1);
        Assert.Equal((1L, 0L, 1L), (v1.Entered, v1.Waiting, v1.Converted));
        Assert.Equal(1L, v1.Exited["goal"]);
        var wait = Step(v1, "wait-3d");
        Assert.Equal((0L, 1L, 1L), (wait.Waiting, wait.Converted, wait.Exited["goal"]));
    }

    [Fact]
    public async Task Cadence_deferral_and_drop_are_counted_by_reason()
    {
        await PublishAsync(Promo);
        var customerId = NewId("c");
        // 23:00 in Shanghai, two days before the clock: deferred to 08:30 by quiet hours, then past the 24 h maximum deferral.
        var lateEvening = new DateTimeOffset(2026, 5, 30, 23, 0, 0, TimeSpan.FromHours(8));
        var logged = await fx.AppendAsync(_tenant,
            Make(EventTypes.CustomerAdded, customerId, """{"source":"qr"}""", NewId("p"), at: lateEvening.AddHours(-1)),
            Make(EventTypes.PageView, customerId, """{"url":"https://shop.example.com"}""", at: lateEvening));

        await Customer(customerId).DeliverAsync(logged);

        var v1 = await VersionAsync("promo", 1, v => v.Exited.Count > 0);
        var offer = Step(v1, "offer");
        Assert.Equal((1L, 0L), (offer.Deferred["quiet_hours"], offer.Sent));
        Assert.Equal(1L, v1.Exited["completed"]);

        await Customer(customerId).WakeAsync("due", Now);

        // The instance had already ended when the deferred touch was dropped: its version is no longer known (0).
        var unknown = await VersionAsync("promo", 0, v => v.Steps.Count > 0);
        Assert.Equal(1L, Step(unknown, "offer").Dropped["max_deferral_exceeded"]);
        Assert.Equal(0L, Step(unknown, "offer").Sent);
    }

    [Fact]
    public async Task Redelivered_events_and_doubled_wakes_count_nothing_twice()
    {
        await PublishAsync(Welcome);
        var customerId = NewId("c");
        var customer = Customer(customerId);
        var logged = await fx.AppendAsync(_tenant, Make(EventTypes.CustomerAdded, customerId, """{"source":"store_qr"}""", NewId("p"), at: Now.AddDays(-3)));
        await customer.DeliverAsync(logged);
        await customer.WakeAsync("due", Now);
        var before = await VersionAsync("welcome", 1, v => v.Steps.Any(s => s.StepId == "wait-4d"));

        await customer.DeliverAsync(logged);
        await customer.WakeAsync("due", Now);
        await customer.WakeAsync("due", Now);
        await Task.Delay(200);

        var after = (await Stats("welcome").GetAsync()).Versions.Single();
        Assert.Equal(JsonSerializer.Serialize(before), JsonSerializer.Serialize(after));
    }

    [Fact]
    public async Task Updates_count_once_per_customer_sequence()
    {
        var stats = Stats(NewId("j"));
        var (a, b) = (NewId("c"), NewId("c"));
        JourneyStatsUpdate Entry(string customer, long seq) =>
            new(customer, seq, [new JourneyStatsDelta(1, "start", JourneyStatKind.JourneyEntered), new JourneyStatsDelta(1, "start", JourneyStatKind.StepEntered)]);

        Assert.True(await stats.ApplyAsync(Entry(a, 1)));
        Assert.False(await stats.ApplyAsync(Entry(a, 1)));   // redelivered
        Assert.True(await stats.ApplyAsync(Entry(a, 5)));    // gaps are fine: a customer's sequence spans all its journeys
        Assert.False(await stats.ApplyAsync(Entry(a, 3)));   // a replay of an older decision
        Assert.True(await stats.ApplyAsync(Entry(b, 1)));    // sequences are per customer

        var v1 = Assert.Single((await stats.GetAsync()).Versions);
        Assert.Equal((3L, 3L), (v1.Entered, Step(v1, "start").Entered));
    }
}
