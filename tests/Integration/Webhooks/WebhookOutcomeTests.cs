using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Contracts;
using PrivateDomain.Storage;
using PrivateDomain.Tests.Integration.Infrastructure;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Integration.Webhooks;

/// <summary>
/// A customer's webhook deliveries, posted by the real sender to a real Kestrel receiver: one that fails for good (every
/// attempt a 5xx) lands on the customer 360's timeline once, not once per attempt; one that is sent adds nothing there.
/// </summary>
public sealed class WebhookOutcomeTests(WebhookEngineHost engine) : IClassFixture<WebhookEngineHost>, IAsyncLifetime
{
    private const string Secret = "s3cret-for-the-crm-0123456789";
    private readonly HttpClient _t1 = engine.Client(EngineHost.Key1);
    private readonly WebhookReceiver _receiver = new();

    public async Task InitializeAsync()
    {
        await _receiver.StartAsync();
        (await _t1.PutAsync($"/api/v1/tenants/{EngineHost.Tenant1}/webhook-secrets/crm", Raw($$"""{"secret":"{{Secret}}"}"""))).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task A_webhook_that_fails_for_good_is_on_the_customers_timeline_once()
    {
        var (customer, persona, down, up) = (Unique("c"), Unique("p"), Unique("down"), Unique("up"));
        // More 503s than the channel's attempts (8 by default): every attempt fails, the last one for good.
        _receiver.Answer(down, Enumerable.Repeat(503, 20).ToArray());
        var ack = await _t1.PostAsync($"/api/v1/tenants/{EngineHost.Tenant1}/events", Body(Event(Unique("e"), "customer.added", customer, persona: persona)));
        Assert.Equal(HttpStatusCode.Accepted, ack.StatusCode);
        await Eventually.GetAsync(() => _t1.GetAsync($"/api/v1/tenants/{EngineHost.Tenant1}/customers/{customer}"),
            r => r.StatusCode == HttpStatusCode.OK, what: "the customer to be known");

        var failing = await EnqueueAsync(down, customer);
        var sent = await EnqueueAsync(up, customer);
        var rows = await Eventually.GetAsync(() => OutboxAsync(customer), r => r.All(row => (string?)row["status"] != OutboxStatus.Pending),
            TimeSpan.FromSeconds(30), "both deliveries to settle");

        var failed = Assert.Single(rows, r => (string?)r["deliveryId"] == failing.DeliveryId);
        Assert.Equal(OutboxStatus.Failed, (string?)failed["status"]);
        Assert.True((int)failed["attempts"]! > 1, "retried before it failed for good");
        Assert.Equal(OutboxStatus.Sent, (string?)rows.Single(r => (string?)r["deliveryId"] == sent.DeliveryId)["status"]);
        var outcome = Assert.Single(await OutcomesAsync(customer));
        Assert.Equal(("journey.failed", $"{failing.DeliveryId}:webhook-failed"), ((string?)outcome["kind"], (string?)outcome["eventId"]));
        Assert.Equal($"Webhook to 127.0.0.1 failed for good: {(string?)failed["lastError"]} (delivery {failing.DeliveryId})", (string?)outcome["summary"]);
        // Nothing later adds a second line.
        await Task.Delay(1_000);
        Assert.Single(await OutcomesAsync(customer));
    }

    private async Task<OutboxMessage> EnqueueAsync(string route, string customer)
    {
        var id = $"{Unique("i")}:1:hook";
        var body = new JsonObject { ["type"] = "journey.webhook", ["deliveryId"] = id, ["customerId"] = customer }.ToJsonString();
        var message = new OutboxMessage(id, EngineHost.Tenant1, WebhookDelivery.Channel, "", customer, null, null, WebhookDelivery.Channel, body,
            DateTimeOffset.UtcNow, OutboxStatus.Pending, null, Target: new Uri(_receiver.BaseAddress, route).ToString(), SecretName: "crm");
        return await engine.Services.GetRequiredService<IOutbox>().EnqueueAsync(message);
    }

    private async Task<List<JsonNode>> OutboxAsync(string customer) =>
        (await (await _t1.GetAsync($"/api/v1/tenants/{EngineHost.Tenant1}/outbox?customerId={customer}")).ReadAsync()).AsArray().Select(n => n!).ToList();

    /// <summary>The timeline lines of outcomes (delivered elsewhere, recorded on the customer) in the customer 360.</summary>
    private async Task<List<JsonNode>> OutcomesAsync(string customer)
    {
        var view = await (await _t1.GetAsync($"/api/v1/tenants/{EngineHost.Tenant1}/customers/{customer}")).ReadAsync();
        return view["timeline"]!.AsArray().Select(n => n!).Where(e => ((string?)e["kind"])?.StartsWith("journey.", StringComparison.Ordinal) == true).ToList();
    }
}
