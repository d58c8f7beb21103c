using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using static PrivateDomain.Tests.Grains.Events;

namespace PrivateDomain.Tests.Grains;

/// <summary>
/// Publishing a journey entered over time (date, schedule, segment) wakes every customer the tenant's log names, once
/// per version, so customers with no event coming still work out their first occurrence.
/// </summary>
public abstract class JourneyTriggerSweepTests(ClusterFixture fx)
{
    [Collection(SqliteCollection.Name)]
    public sealed class Sqlite(SqliteClusterFixture fx) : JourneyTriggerSweepTests(fx);

    [Collection(PostgresCollection.Name)]
    public sealed class Postgres(PostgresClusterFixture fx) : JourneyTriggerSweepTests(fx);

    private const string Birthday = """
        {
          "id": "birthday", "name": "Birthday", "version": 1,
          "entry": { "type": "date", "property": "birthday", "recurrence": "yearly", "at": "10:00" },
          "reentry": { "mode": "after_exit" }, "maxConcurrent": 1,
          "start": "wish",
          "steps": [
            { "id": "wish", "type": "action", "action": { "type": "add_tag", "tag": "birthday-wished" }, "next": "done" },
            { "id": "done", "type": "exit" }
          ]
        }
        """;

    private const string OnPurchase = """
        {
          "id": "thanks", "name": "Thanks", "version": 1,
          "entry": { "type": "event", "event": "behavior.purchase" },
          "start": "done",
          "steps": [ { "id": "done", "type": "exit" } ]
        }
        """;

    private readonly string _tenant = NewId("t");

    private IJourneyTriggerSweepGrain Sweep(string journeyId, int version) =>
        fx.Grains.GetGrain<IJourneyTriggerSweepGrain>(TenantKey.Compose(_tenant, $"{journeyId}:{version}"));

    [Fact]
    public async Task Publishing_a_date_journey_wakes_each_customer_of_the_tenant_once()
    {
        foreach (var id in new[] { "c1", "c2", "c3" })
            await fx.AppendAsync(_tenant, Make(EventTypes.CustomerAdded, id, """{"source":"store_qr"}""", NewId("p")));
        await fx.AppendAsync(_tenant, Make(EventTypes.CustomerAdded, "c2", """{"source":"store_qr"}""", NewId("p")));
        await fx.AppendAsync(NewId("other"), Make(EventTypes.CustomerAdded, "c4", """{"source":"store_qr"}""", NewId("p")));

        await Journeys.PublishAsync(fx.Grains, _tenant, Birthday);

        var done = await EventuallyAsync(() => Sweep("birthday", 1).GetAsync(), s => s.FinishedAt is not null);
        Assert.Equal(3, done.Scheduled);
        // Starting again (a resume, a retried publish) does not sweep again.
        await Sweep("birthday", 1).StartAsync();
        Assert.Equal(done, await Sweep("birthday", 1).GetAsync());
    }

    [Fact]
    public async Task An_event_entered_journey_needs_no_sweep()
    {
        await fx.AppendAsync(_tenant, Make(EventTypes.CustomerAdded, "c1", """{"source":"store_qr"}""", NewId("p")));

        await Journeys.PublishAsync(fx.Grains, _tenant, OnPurchase);

        Assert.Null((await Sweep("thanks", 1).GetAsync()).StartedAt);
    }
}
