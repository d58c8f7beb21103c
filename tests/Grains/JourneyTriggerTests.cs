using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Storage;
using static PrivateDomain.Tests.Grains.Events;

namespace PrivateDomain.Tests.Grains;

/// <summary>
/// Date and schedule entry triggers in the customer grain, entered through the wake-up index. The fixture's clock is
/// frozen at <see cref="ClusterFixture.Now"/> (Monday 20:00 in Shanghai), so the customer is first seen by an event
/// dated in the past and the occurrence falls between that event and the clock, which is what letting days pass does.
/// </summary>
public abstract class JourneyTriggerTests(ClusterFixture fx)
{
    [Collection(SqliteCollection.Name)]
    public sealed class Sqlite(SqliteClusterFixture fx) : JourneyTriggerTests(fx);

    [Collection(PostgresCollection.Name)]
    public sealed class Postgres(PostgresClusterFixture fx) : JourneyTriggerTests(fx);

    private static readonly DateTimeOffset Now = ClusterFixture.Now;

    private const string Birthday = """
        {
          "id": "birthday", "name": "Birthday", "version": 1, "timezone": "Asia/Shanghai",
          "entry": { "type": "date", "property": "birthday", "recurrence": "yearly", "at": "19:00" },
          "reentry": { "mode": "after_exit" },
          "start": "greet",
          "steps": [
            { "id": "greet", "type": "action", "action": { "type": "send_message", "kind": "text", "class": "service", "template": "Happy birthday, {{customer.name}}!" }, "next": "month" },
            { "id": "month", "type": "wait", "duration": "30d", "next": "done" },
            { "id": "done", "type": "exit" }
          ]
        }
        """;

    private const string Evening = """
        {
          "id": "evening", "name": "Evening tips for VIPs", "version": 1, "timezone": "Asia/Shanghai",
          "entry": { "type": "schedule", "every": "daily", "at": "19:00", "audience": { "type": "tag", "tag": "vip" } },
          "reentry": { "mode": "after_exit" },
          "start": "tag",
          "steps": [
            { "id": "tag", "type": "action", "action": { "type": "add_tag", "tag": "evening-tip" }, "next": "hold" },
            { "id": "hold", "type": "wait", "duration": "3h", "next": "done" },
            { "id": "done", "type": "exit" }
          ]
        }
        """;

    private ICustomerGrain Customer(string tenant, string id) => fx.Grains.GetGrain<ICustomerGrain>(TenantKey.Compose(tenant, id));

    private Task PublishAsync(string tenant, string json) => Journeys.PublishAsync(fx.Grains, tenant, json);

    /// <summary>The customer's "due" row in the wake-up index, if due by <paramref name="by"/> (claims it, as a dispatcher would).</summary>
    private async Task<WakeUp?> WakeUpRowAsync(string tenant, string customer, DateTimeOffset by)
    {
        var index = fx.SiloServices.GetRequiredService<IWakeUpIndex>();
        var taken = await index.TakeDueAsync(by, 100_000, TimeSpan.FromMilliseconds(1));
        return taken.Select(t => t.WakeUp).FirstOrDefault(w => w.TenantId == tenant && w.EntityId == customer && w.Key == "due");
    }

    private static int Entries(CustomerView view, string journey) =>
        view.Timeline.Count(t => t.Kind == "journey" && t.Summary.StartsWith($"Entered journey {journey} ", StringComparison.Ordinal));

    [Fact]
    public async Task A_birthday_enters_once_when_the_wake_up_index_wakes_the_deactivated_customer()
    {
        var (tenant, customerId, persona) = (NewId("t"), NewId("c"), NewId("p"));
        await PublishAsync(tenant, Birthday);
        var customer = Customer(tenant, customerId);
        await customer.DeliverAsync(await fx.AppendAsync(tenant, Make(EventTypes.CustomerAdded, customerId,
            """{"source":"qr","properties":{"name":"Lin","birthday":"1990-06-01"}}""", persona, at: Now.AddDays(-3))));
        var occurrence = new DateTimeOffset(2026, 6, 1, 11, 0, 0, TimeSpan.Zero); // 19:00 in Shanghai, an hour before the clock
        Assert.Empty((await customer.GetAsync()).Journeys);
        Assert.Null(await WakeUpRowAsync(tenant, customerId, occurrence.AddTicks(-1)));
        Assert.Equal(occurrence, (await WakeUpRowAsync(tenant, customerId, occurrence))?.DueAt);

        await fx.Cluster.DeactivateAsync(customer);
        await customer.WakeAsync("due", occurrence);
        await customer.WakeAsync("due", occurrence); // doubled

        var view = await customer.GetAsync();
        var running = Assert.Single(view.Journeys);
        Assert.Equal(("birthday", occurrence, (DateTimeOffset?)occurrence.AddDays(30)), (running.JourneyId, running.EnteredAt, running.WaitingUntil));
        Assert.Equal(1, Entries(view, "birthday"));
        Assert.Contains(view.Timeline, t => t.Summary.Contains("(date: birthday 2026-06-01)"));
        var greeting = Assert.Single(await EventuallyAsync(() => fx.Outbox.QueryAsync(tenant, customerId, null, 100), m => m.Count > 0));
        Assert.Equal("Happy birthday, Lin!", greeting.Text);
        // Next due: the end of the 30-day wait (before next year's birthday).
        Assert.Null(await WakeUpRowAsync(tenant, customerId, occurrence.AddDays(30).AddTicks(-1)));
        Assert.Equal(occurrence.AddDays(30), (await WakeUpRowAsync(tenant, customerId, occurrence.AddDays(30)))?.DueAt);
        await Task.Delay(200);
        Assert.Single(await fx.Outbox.QueryAsync(tenant, customerId, null, 100));
    }

    [Fact]
    public async Task A_daily_schedule_enters_the_audience_at_its_local_time()
    {
        var (tenant, persona) = (NewId("t"), NewId("p"));
        await PublishAsync(tenant, Evening);
        var (vip, other) = (NewId("c"), NewId("c"));
        await Customer(tenant, vip).DeliverAsync(await fx.AppendAsync(tenant,
            Make(EventTypes.CustomerAdded, vip, """{"source":"qr","tags":["vip"]}""", persona, at: Now.AddDays(-1))));
        await Customer(tenant, other).DeliverAsync(await fx.AppendAsync(tenant,
            Make(EventTypes.CustomerAdded, other, """{"source":"qr"}""", persona, at: Now.AddDays(-1))));
        var seven = new DateTimeOffset(2026, 6, 1, 11, 0, 0, TimeSpan.Zero); // 19:00 in Shanghai, an hour before the clock
        Assert.Equal(seven, (await WakeUpRowAsync(tenant, vip, seven))?.DueAt);

        await Customer(tenant, vip).WakeAsync("due", seven);
        await Customer(tenant, other).WakeAsync("due", seven);
        await Customer(tenant, vip).WakeAsync("due", seven);

        var view = await Customer(tenant, vip).GetAsync();
        Assert.Equal(("evening", seven, (DateTimeOffset?)seven.AddHours(3)), (view.Journeys[0].JourneyId, view.Journeys[0].EnteredAt, view.Journeys[0].WaitingUntil));
        Assert.Contains("evening-tip", view.Tags);
        Assert.Contains(view.Timeline, t => t.Summary.Contains("(schedule: 2026-06-01 19:00)"));
        Assert.Equal(1, Entries(view, "evening"));
        Assert.Empty((await Customer(tenant, other).GetAsync()).Journeys);
        // The audience missed today's; tomorrow's occurrence is what wakes it next.
        Assert.Equal(seven.AddDays(1), (await WakeUpRowAsync(tenant, other, seven.AddDays(1)))?.DueAt);
    }

    [Fact]
    public async Task A_triggers_wake_up_after_publishing_schedules_the_next_occurrence_without_backfill()
    {
        var (tenant, customerId, persona) = (NewId("t"), NewId("c"), NewId("p"));
        var customer = Customer(tenant, customerId);
        await customer.DeliverAsync(await fx.AppendAsync(tenant,
            Make(EventTypes.CustomerAdded, customerId, """{"source":"qr","tags":["vip"]}""", persona, at: Now.AddDays(-2))));
        await PublishAsync(tenant, Evening);
        Assert.Null(await WakeUpRowAsync(tenant, customerId, Now.AddDays(2)));

        // The silo's definition cache re-reads a tenant's directory for a sweep's key at most every ForcedReadInterval,
        // and the delivery above has just read it.
        await Task.Delay(PrivateDomain.Grains.Journeys.Hosting.JourneyDefinitionCache.ForcedReadInterval * 2);
        // What the publish sweep does for every existing customer: a wake-up under its own key (naming the journey
        // version, so the silo's definition cache reads the new version), at the publish time.
        await customer.WakeAsync("triggers:evening:1", Now);
        await customer.WakeAsync("triggers:evening:1", Now);

        Assert.Empty((await customer.GetAsync()).Journeys); // today's 19:00 passed before the customer was first evaluated
        var tomorrow = new DateTimeOffset(2026, 6, 2, 11, 0, 0, TimeSpan.Zero);
        Assert.Null(await WakeUpRowAsync(tenant, customerId, tomorrow.AddTicks(-1)));
        Assert.Equal(tomorrow, (await WakeUpRowAsync(tenant, customerId, tomorrow))?.DueAt);
    }
}
