using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Storage;
using PrivateDomain.Tests.Integration.Infrastructure;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Integration.Api;

/// <summary>
/// An engine whose grains fall behind: its one stream queue looks at the log once an hour, and ingestion
/// refuses new events once more than five committed events wait for delivery.
/// </summary>
public sealed class LaggingEngineHost : EngineHost
{
    protected override IEnumerable<string> ExtraArgs =>
    [
        "--Streams:Queues=1",
        "--Streams:PollPeriod=01:00:00",
        "--Ingestion:MaxDeliveryLag=5",
        "--Ingestion:LagCheckPeriod=00:00:00.050",
    ];
}

public sealed class DeliveryBackPressureTests(LaggingEngineHost engine) : IClassFixture<LaggingEngineHost>
{
    [Fact]
    public async Task When_grains_fall_behind_ingestion_answers_503_with_retry_after_and_appends_nothing()
    {
        var client = engine.Client(EngineHost.Key2);
        var events = $"/api/v1/tenants/{EngineHost.Tenant2}/events"; // t2: TelemetryTests counts t1's ingest activities
        var c = Unique("c");
        var first = await client.PostAsync(events, Body(Enumerable.Range(0, 10)
            .Select(_ => Event(Unique("e"), "behavior.page_view", c, data: new { title = "x" })).ToArray()));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);

        await Eventually.GetAsync(async () =>
            (await client.PostAsync(events, Body(Event(Unique("e"), "behavior.page_view", c, data: new { title = "y" })))).StatusCode,
            status => status == HttpStatusCode.ServiceUnavailable, what: "a 503 once the lag is measured");

        var log = engine.Services.GetRequiredService<IEventLog>();
        var head = log.LastSequence;
        var refused = await client.PostAsync(events, Body(Event(Unique("e"), "behavior.page_view", c, data: new { title = "z" })));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);

        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        var problem = await refused.ReadAsync();
        Assert.Equal("Ingestion is behind", (string?)problem["title"]);
        Assert.Contains("behind the log", (string?)problem["detail"]);
        Assert.Equal(head, log.LastSequence);
    }
}
