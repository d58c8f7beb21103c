using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Storage;
using static PrivateDomain.Tests.Grains.Events;

namespace PrivateDomain.Tests.Grains;

/// <summary>
/// Journeys running inside the customer grain, with definitions published through the catalog grains. The fixture's
/// clock is shared by every test of the collection and cannot go back, so instead of advancing it these tests date
/// their events in the past: events decide at their OccurredAt, wakes at the (frozen) clock, which is the same
/// arithmetic as letting days pass.
/// </summary>
public abstract class CustomerJourneyTests(ClusterFixture fx)
{
    [Collection(SqliteCollection.Name)]
    public sealed class Sqlite(SqliteClusterFixture fx) : CustomerJourneyTests(fx);

    [Collection(PostgresCollection.Name)]
    public sealed class Postgres(PostgresClusterFixture fx) : CustomerJourneyTests(fx);

    private static readonly DateTimeOffset Now = ClusterFixture.Now; // 20:00 in Asia/Shanghai

    private const string Welcome = """
        {
          "id": "welcome", "name": "Welcome", "version": 1, "timezone": "Asia/Shanghai",
          "entry": { "type": "event", "event": "customer.added", "filters": [ { "path": "data.source", "op": "eq", "value": "store_qr" } ] },
          "reentry": { "mode": "never" }, "maxConcurrent": 1,
          "goal": { "event": "behavior.purchase" },
          "start": "hello",
          "steps": [
            { "id": "hello", "type": "action", "action": { "type": "send_message", "kind": "text", "class": "service", "template": "Welcome from the store!" }, "next": "tag" },
            { "id": "tag", "type": "action", "action": { "type": "add_tag", "tag": "welcomed" }, "next": "wait-3d" },
            { "id": "wait-3d", "type": "wait", "duration": "3d", "next": "day-3" },
            { "id": "day-3", "type": "action", "action": { "type": "send_message", "kind": "text", "class": "service", "template": "Day 3: our guide." }, "next": "wait-4d" },
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

    private ICustomerGrain Customer(string tenant, string id) => fx.Grains.GetGrain<ICustomerGrain>(TenantKey.Compose(tenant, id));

    private Task PublishAsync(string tenant, string json) => Journeys.PublishAsync(fx.Grains, tenant, json);

    private Task<IReadOnlyList<OutboxMessage>> OutboxAsync(string tenant, string customer) =>
        fx.Outbox.QueryAsync(tenant, customer, null, 100);

    /// <summary>The customer's row in the wake-up index, if due by <paramref name="by"/> (claims it, as a dispatcher would).</summary>
    private async Task<WakeUp?> WakeUpRowAsync(string tenant, string customer, DateTimeOffset by)
    {
        var index = fx.SiloServices.GetRequiredService<IWakeUpIndex>();
        var taken = await index.TakeDueAsync(by, 100_000, TimeSpan.FromMilliseconds(1));
        return taken.Select(t => t.WakeUp).FirstOrDefault(w => w.TenantId == tenant && w.EntityId == customer);
    }

    [Fact]
    public async Task Welcome_journey_sends_on_entry_and_day_3_content_when_woken()
    {
        var (tenant, customerId, persona) = (NewId("t"), NewId("c"), NewId("p"));
        await PublishAsync(tenant, Welcome);
        var customer = Customer(tenant, customerId);
        var logged = await fx.AppendAsync(tenant,
            Make(EventTypes.CustomerAdded, customerId, """{"source":"store_qr"}""", persona, at: Now.AddDays(-3)));

        await customer.DeliverAsync(logged);

        var welcome = Assert.Single(await EventuallyAsync(() => OutboxAsync(tenant, customerId), m => m.Count > 0));
        Assert.Equal(("wecom", persona, "Welcome from the store!", OutboxStatus.Pending), (welcome.Channel, welcome.PersonaId, welcome.Text, welcome.Status));
        var view = await customer.GetAsync();
        var running = Assert.Single(view.Journeys);
        Assert.Equal(("welcome", 1, "wait-3d", (DateTimeOffset?)Now), (running.JourneyId, running.Version, running.StepId, running.WaitingUntil));
        Assert.Contains("welcomed", view.Tags);
        var sent = Assert.Single(view.Cadence);
        Assert.Equal(("send", "allowed", welcome.DeliveryId), (sent.Outcome, sent.Reason, sent.TouchId));
        Assert.Equal(Now, (await WakeUpRowAsync(tenant, customerId, Now))?.DueAt);

        await customer.WakeAsync("due", Now);

        var messages = await EventuallyAsync(() => OutboxAsync(tenant, customerId), m => m.Count > 1);
        Assert.Equal(["Day 3: our guide.", "Welcome from the store!"], messages.Select(m => m.Text));
        view = await customer.GetAsync();
        Assert.Equal(("wait-4d", (DateTimeOffset?)Now.AddDays(4)), (view.Journeys[0].StepId, view.Journeys[0].WaitingUntil));
        Assert.Null(await WakeUpRowAsync(tenant, customerId, Now.AddDays(4).AddTicks(-1)));
        Assert.Equal(Now.AddDays(4), (await WakeUpRowAsync(tenant, customerId, Now.AddDays(4)))?.DueAt);
    }

    [Fact]
    public async Task Redelivered_events_and_doubled_wakes_send_nothing_twice()
    {
        var (tenant, customerId, persona) = (NewId("t"), NewId("c"), NewId("p"));
        await PublishAsync(tenant, Welcome);
        var customer = Customer(tenant, customerId);
        var logged = await fx.AppendAsync(tenant,
            Make(EventTypes.CustomerAdded, customerId, """{"source":"store_qr"}""", persona, at: Now.AddDays(-3)));
        await customer.DeliverAsync(logged);
        await customer.WakeAsync("due", Now);
        await EventuallyAsync(() => OutboxAsync(tenant, customerId), m => m.Count == 2);
        var before = JsonSerializer.Serialize(await customer.GetAsync());

        await customer.DeliverAsync(logged);
        await customer.WakeAsync("due", Now);
        await customer.WakeAsync("due", Now);

        Assert.Equal(before, JsonSerializer.Serialize(await customer.GetAsync()));
        await Task.Delay(200);
        Assert.Equal(2, (await OutboxAsync(tenant, customerId)).Count);
    }

    [Fact]
    public async Task A_purchase_exits_the_journey_and_cancels_its_wake_up()
    {
        var (tenant, customerId, persona) = (NewId("t"), NewId("c"), NewId("p"));
        await PublishAsync(tenant, Welcome);
        var customer = Customer(tenant, customerId);
        var logged = await fx.AppendAsync(tenant,
            Make(EventTypes.CustomerAdded, customerId, """{"source":"store_qr"}""", persona, at: Now.AddDays(-3)),
            Make(EventTypes.Purchase, customerId, """{"orderId":"o-1","amount":99}""", at: Now.AddDays(-1)));

        await customer.DeliverAsync(logged);
        await customer.WakeAsync("due", Now);

        var view = await customer.GetAsync();
        Assert.Empty(view.Journeys);
        Assert.Contains(view.Timeline, t => t.Kind == "journey" && t.Summary.Contains("Converted in journey welcome"));
        Assert.Contains(view.Timeline, t => t.Kind == "journey" && t.Summary.Contains(": goal"));
        Assert.Null(await WakeUpRowAsync(tenant, customerId, Now.AddDays(30)));
        await Task.Delay(200);
        Assert.Equal(["Welcome from the store!"], (await OutboxAsync(tenant, customerId)).Select(m => m.Text));
    }

    [Fact]
    public async Task Marketing_message_in_quiet_hours_is_deferred_then_sent_when_woken()
    {
        var (tenant, customerId, persona) = (NewId("t"), NewId("c"), NewId("p"));
        await PublishAsync(tenant, Promo);
        var customer = Customer(tenant, customerId);
        var lateEvening = new DateTimeOffset(2026, 5, 31, 23, 0, 0, TimeSpan.FromHours(8));
        var quietEnds = new DateTimeOffset(2026, 6, 1, 8, 30, 0, TimeSpan.FromHours(8));
        var logged = await fx.AppendAsync(tenant,
            Make(EventTypes.CustomerAdded, customerId, """{"source":"qr"}""", persona, at: lateEvening.AddHours(-1)),
            Make(EventTypes.PageView, customerId, """{"url":"https://shop.example.com"}""", at: lateEvening));

        await customer.DeliverAsync(logged);

        var deferred = Assert.Single((await customer.GetAsync()).Cadence);
        Assert.Equal(("defer", "quiet_hours", (DateTimeOffset?)quietEnds), (deferred.Outcome, deferred.Reason, deferred.Until));
        Assert.Contains("quiet hours", deferred.Text);
        Assert.Equal(quietEnds, (await WakeUpRowAsync(tenant, customerId, quietEnds))?.DueAt);
        await Task.Delay(200);
        Assert.Empty(await OutboxAsync(tenant, customerId));

        await customer.WakeAsync("due", quietEnds);

        var message = Assert.Single(await EventuallyAsync(() => OutboxAsync(tenant, customerId), m => m.Count > 0));
        Assert.Equal((deferred.TouchId, "20% off today."), (message.DeliveryId, message.Text));
        var cadence = (await customer.GetAsync()).Cadence;
        Assert.Equal(("send", Now), (cadence[0].Outcome, cadence[0].At));
        Assert.Null(await WakeUpRowAsync(tenant, customerId, Now.AddDays(30)));
    }
}
