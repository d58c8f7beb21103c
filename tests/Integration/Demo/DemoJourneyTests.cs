using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PrivateDomain.Gateway.Auth;
using PrivateDomain.Gateway.Demo;
using PrivateDomain.Grains.Journeys.Examples;
using PrivateDomain.Tests.Integration.Infrastructure;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Integration.Demo;

/// <summary>The engine with "--demo", a small seed and brisk live traffic.</summary>
public sealed class DemoEngineHost : EngineHost
{
    protected override IEnumerable<string> ExtraArgs =>
    [
        "--demo",
        "--Demo:Customers=40",
        "--Demo:Groups=4",
        "--Demo:EventsPerSecond=40",
    ];

    /// <summary>The demo tenant's ingest key (generated at start, as PD_DEMO_INGEST_KEY is not set here).</summary>
    public string DemoKey => Services.GetRequiredService<IOptions<TenantOptions>>().Value.Tenants[DemoOptions.TenantId].IngestKey;
}

public sealed class DemoJourneyTests(DemoEngineHost engine) : IClassFixture<DemoEngineHost>
{
    private const string Root = $"/api/v1/tenants/{DemoOptions.TenantId}";

    [Fact]
    public async Task The_demo_publishes_the_example_journeys_and_its_new_friends_get_the_welcome_message()
    {
        var client = engine.Client(engine.DemoKey);

        var listed = await Eventually.GetAsync(async () => (await (await client.GetAsync($"{Root}/journeys")).ReadAsync()).AsArray(),
            journeys => journeys.Count(j => (string?)j!["status"] == "active") >= JourneyExamples.Names.Count, what: "the example journeys active");
        Assert.Equal(JourneyExamples.Names.Order(StringComparer.Ordinal),
            listed.Select(j => (string)j!["journeyId"]!).Order(StringComparer.Ordinal));
        Assert.All(listed, j => Assert.Equal<(string?, int?)>(("active", 1), ((string?)j!["status"], (int?)j["entryVersion"])));

        // A new friend enters the welcome journey, whose welcome message reaches the outbox (customers in three time
        // zones, so quiet hours never hold back all of them) while the journey waits for a reply.
        var (message, customer) = await Eventually.GetAsync(async () =>
        {
            var outbox = (await (await client.GetAsync($"{Root}/outbox?limit=200")).ReadAsync()).AsArray();
            foreach (var m in outbox.Where(m => ((string?)m!["deliveryId"])?.Contains(":welcome-", StringComparison.Ordinal) == true))
            {
                var response = await client.GetAsync($"{Root}/customers/{(string)m!["customerId"]!}");
                if (response.StatusCode != HttpStatusCode.OK) continue;
                var view = await response.ReadAsync();
                if (view["journeys"]!.AsArray().Any(j => (string?)j!["journeyId"] == JourneyExamples.Welcome)) return (m, view);
            }
            return ((JsonNode?)null, (JsonNode?)null);
        }, found => found.Item1 is not null, TimeSpan.FromSeconds(12), "a welcome message in the outbox from a customer still in the journey");

        Assert.Contains("Reply 1 for skincare tips", (string?)message!["text"]);
        Assert.Equal(DemoOptions.TenantId, (string?)message["tenantId"]);
        var journey = customer!["journeys"]!.AsArray().Single(j => (string?)j!["journeyId"] == JourneyExamples.Welcome)!;
        Assert.Equal(1, (int)journey["version"]!);
        Assert.NotNull((string?)journey["stepId"]);
    }
}
