using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Storage;
using static PrivateDomain.Tests.Grains.Events;

namespace PrivateDomain.Tests.Grains;

/// <summary>
/// One customer's ledger shared by every sender, under the tenant's own policy. These tests move the clock forward,
/// which the shared collections forbid (their tests assume it frozen), so they run on clusters of their own.
/// </summary>
public abstract class CadenceGrainTests(ClusterFixture fx)
{
    [Collection(SqliteClockCollection.Name)]
    public sealed class Sqlite(SqliteClusterFixture fx) : CadenceGrainTests(fx);

    [Collection(PostgresClockCollection.Name)]
    public sealed class Postgres(PostgresClusterFixture fx) : CadenceGrainTests(fx);

    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    /// <summary>Not the built-in default: quiet from 21:00 (not 21:30) to 09:00 (not 08:30), two marketing touches per 3 days.</summary>
    private const string Policy = """
        { "timezone": "Asia/Shanghai",
          "quietHours": { "start": "21:00", "end": "09:00" },
          "maxDeferral": "1d",
          "caps": [
            { "name": "marketing_3d", "max": 2, "window": "3d", "class": "marketing" },
            { "name": "service_day", "max": 5, "window": "1d", "class": "service" } ] }
        """;

    private const string PromoA = """
        { "id": "promo-a", "name": "Offer on a page view", "version": 1,
          "entry": { "type": "event", "event": "behavior.page_view" }, "reentry": { "mode": "never" }, "maxConcurrent": 1,
          "start": "offer",
          "steps": [
            { "id": "offer", "type": "action", "action": { "type": "send_message", "kind": "text", "class": "marketing", "template": "A: 20% off today." }, "next": "done" },
            { "id": "done", "type": "exit", "reason": "sent" } ] }
        """;

    private const string PromoB = """
        { "id": "promo-b", "name": "Offer on an opened material", "version": 1,
          "entry": { "type": "event", "event": "behavior.material_open" }, "reentry": { "mode": "never" }, "maxConcurrent": 1,
          "start": "offer",
          "steps": [
            { "id": "offer", "type": "action", "action": { "type": "send_message", "kind": "text", "class": "marketing", "template": "B: free shipping." }, "next": "done" },
            { "id": "done", "type": "exit", "reason": "sent" } ] }
        """;

    private static TouchRequest Campaign(string id, string customer, TouchMessageClass @class, string text) =>
        new($"{id}:{customer}", TouchSender.Campaign, id, "wecom_1to1", @class, IsMass: true, new TouchMessage("text", text));

    private async Task DeliverAsync(ICustomerGrain customer, string tenant, EngineEvent e) =>
        await customer.DeliverAsync(await fx.AppendAsync(tenant, e));

    private async Task<IReadOnlyList<string>> OutboxTextsAsync(string tenant, string customer, int count) =>
        (await EventuallyAsync(() => fx.Outbox.QueryAsync(tenant, customer, null, 100), m => m.Count >= count)).Select(m => m.Text).Order().ToList();

    private async Task<WakeUp?> WakeUpRowAsync(string tenant, string customer, DateTimeOffset by)
    {
        var taken = await fx.SiloServices.GetRequiredService<IWakeUpIndex>().TakeDueAsync(by, 100_000, TimeSpan.FromMilliseconds(1));
        return taken.Select(t => t.WakeUp).FirstOrDefault(w => w.TenantId == tenant && w.EntityId == customer);
    }

    private void SetClock(DateTimeOffset at) => fx.Time.SetUtcNow(at);

    /// <summary>A Shanghai wall-clock time on the day after the clock's, so each test starts ahead of the last, in any order.</summary>
    private DateTimeOffset Tomorrow(int hour, int minute = 0)
    {
        var day = DateOnly.FromDateTime(fx.Time.GetUtcNow().ToOffset(Shanghai).DateTime).AddDays(1);
        return new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, minute)), Shanghai);
    }

    [Fact]
    public async Task Cadence_defers_at_quiet_hours_and_caps_across_two_journeys_and_a_campaign()
    {
        var (tenant, id, persona) = (NewId("t"), NewId("c"), NewId("p"));
        var set = await fx.Grains.GetGrain<ICadencePolicyGrain>(tenant).SetAsync(Policy);
        Assert.True(set.IsOk, set.Message);
        await Journeys.PublishAsync(fx.Grains, tenant, PromoA);
        await Journeys.PublishAsync(fx.Grains, tenant, PromoB);
        var customer = fx.Grains.GetGrain<ICustomerGrain>(TenantKey.Compose(tenant, id));
        var evening = Tomorrow(20);
        SetClock(evening);
        await DeliverAsync(customer, tenant, Make(EventTypes.CustomerAdded, id, """{"source":"qr"}""", persona, at: evening.AddHours(-1)));

        // 20:00: the campaign's first marketing touch goes out (1 of 2 in 3 days).
        var first = await customer.RequestTouchAsync(Campaign("spring", id, TouchMessageClass.Marketing, "Campaign: spring sale."));
        Assert.Equal((TouchOutcome.Sent, "allowed"), (first.Outcome, first.Reason));

        // 22:00 and 22:30, quiet hours: a campaign service touch and journey A's marketing touch wait for 09:00.
        var nine = evening.AddHours(13);
        SetClock(evening.AddHours(2));
        var night = await customer.RequestTouchAsync(Campaign("receipt", id, TouchMessageClass.Service, "Campaign: your receipt."));
        Assert.Equal((TouchOutcome.Deferred, "quiet_hours", (DateTimeOffset?)nine), (night.Outcome, night.Reason, night.Until));
        Assert.Equal(nine, (await WakeUpRowAsync(tenant, id, nine))?.DueAt);
        SetClock(evening.AddHours(2.5));
        await DeliverAsync(customer, tenant, Make(EventTypes.PageView, id, """{"url":"https://shop.example.com"}""", at: evening.AddHours(2.5)));
        var deferred = (await customer.GetAsync()).Cadence[0];
        Assert.Equal(("Journey promo-a/offer", "defer", "quiet_hours", (DateTimeOffset?)nine), (deferred.Source, deferred.Outcome, deferred.Reason, deferred.Until));
        Assert.Equal(["Campaign: spring sale."], await OutboxTextsAsync(tenant, id, 1));

        // 09:00: one wake releases both, the journey's and the campaign's (2 of 2 marketing touches now).
        SetClock(nine);
        await customer.WakeAsync("due", nine);
        Assert.Equal(["A: 20% off today.", "Campaign: spring sale.", "Campaign: your receipt."], await OutboxTextsAsync(tenant, id, 3));

        // 10:00: the third marketing touch is skipped by the shared cap, from journey B and from the campaign alike;
        // a service touch bypasses it.
        var ten = nine.AddHours(1);
        SetClock(ten);
        await DeliverAsync(customer, tenant, Make(EventTypes.MaterialOpen, id, """{"materialId":"m1"}""", at: ten));
        var capped = await customer.RequestTouchAsync(Campaign("summer", id, TouchMessageClass.Marketing, "Campaign: summer sale."));
        var service = await customer.RequestTouchAsync(Campaign("delivery", id, TouchMessageClass.Service, "Campaign: your parcel ships today."));
        var repeated = await customer.RequestTouchAsync(Campaign("spring", id, TouchMessageClass.Marketing, "Campaign: spring sale."));

        Assert.Equal((TouchOutcome.Skipped, "cap_reached", "marketing_3d"), (capped.Outcome, capped.Reason, capped.Detail));
        Assert.Equal(TouchOutcome.Sent, service.Outcome);
        Assert.Equal((TouchOutcome.Sent, true, first.DecidedAt), (repeated.Outcome, repeated.Repeated, repeated.DecidedAt));
        var view = await customer.GetAsync();
        var journeyB = Assert.Single(view.Cadence, c => c.Source == "Journey promo-b/offer");
        Assert.Equal(("skip", "cap_reached"), (journeyB.Outcome, journeyB.Reason));
        Assert.Contains("marketing_3d", journeyB.Text);
        Assert.Equal(
            ["send Campaign delivery", "skip Campaign summer", "skip Journey promo-b/offer", "send Journey promo-a/offer", "send Campaign receipt",
             "defer Journey promo-a/offer", "defer Campaign receipt", "send Campaign spring"],
            view.Cadence.Select(c => $"{c.Outcome} {c.Source}"));
        Assert.Contains(view.Timeline, t => t.Kind == "cadence" && t.Summary.Contains("cap marketing_3d") && t.Summary.Contains("Campaign summer"));
        await Task.Delay(200);
        Assert.Equal(["A: 20% off today.", "Campaign: spring sale.", "Campaign: your parcel ships today.", "Campaign: your receipt."],
            await OutboxTextsAsync(tenant, id, 4));
        var delivery = (await fx.Outbox.QueryAsync(tenant, id, null, 100)).Single(m => m.Text.StartsWith("Campaign: your parcel", StringComparison.Ordinal));
        Assert.Equal(($"delivery:{id}", persona), (delivery.DeliveryId, delivery.PersonaId));
    }

    [Fact]
    public async Task Tenant_without_a_policy_uses_the_default_and_a_new_policy_applies_at_once()
    {
        var (tenant, id, persona) = (NewId("t"), NewId("c"), NewId("p"));
        var customer = fx.Grains.GetGrain<ICustomerGrain>(TenantKey.Compose(tenant, id));
        var policies = fx.Grains.GetGrain<ICadencePolicyGrain>(tenant);
        // 21:45 in Shanghai: quiet under the default (21:30–08:30) but not under a policy quiet from 23:00.
        var late = Tomorrow(21, 45);
        SetClock(late);
        await DeliverAsync(customer, tenant, Make(EventTypes.CustomerAdded, id, "{}", persona, at: late.AddHours(-1)));

        var underDefault = await customer.RequestTouchAsync(Campaign("one", id, TouchMessageClass.Service, "One."));
        Assert.Equal(0, (await policies.GetAsync()).Version);
        var set = await policies.SetAsync("""{ "quietHours": { "start": "23:00", "end": "07:00" }, "caps": [] }""");
        var underTenant = await customer.RequestTouchAsync(Campaign("two", id, TouchMessageClass.Service, "Two."));

        Assert.Equal((TouchOutcome.Deferred, "quiet_hours"), (underDefault.Outcome, underDefault.Reason));
        Assert.Equal((true, 1), (set.IsOk, set.Policy.Version));
        Assert.Equal(TouchOutcome.Sent, underTenant.Outcome);
    }
}

[CollectionDefinition(Name)]
public sealed class SqliteClockCollection : ICollectionFixture<SqliteClusterFixture>
{
    public const string Name = "grains-sqlite-clock";
}

[CollectionDefinition(Name)]
public sealed class PostgresClockCollection : ICollectionFixture<PostgresClusterFixture>
{
    public const string Name = "grains-postgres-clock";
}
