using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Contracts;
using PrivateDomain.Silo.Channels.Webhooks;
using PrivateDomain.Storage;
using PrivateDomain.Tests.Integration.Infrastructure;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Integration.Webhooks;

/// <summary>The embedded engine posting to plain-http loopback receivers, with short retry delays.</summary>
public sealed class WebhookEngineHost : EngineHost
{
    protected override IEnumerable<string> ExtraArgs =>
    [
        "--Webhooks:AllowHttp=true",
        "--Webhooks:Timeout=00:00:05",
        "--Outbox:Channels:webhook:FirstRetryDelay=00:00:00.300",
        "--Outbox:Channels:webhook:MaxRetryDelay=00:00:01",
    ];
}

/// <summary>
/// Outbox rows on the webhook channel (as a journey's webhook action leaves them) delivered by the real sender
/// to a real Kestrel receiver: signed, retried on a 5xx, failed at once on other 4xx or without the secret.
/// </summary>
public sealed class WebhookDeliveryTests(WebhookEngineHost engine) : IClassFixture<WebhookEngineHost>, IAsyncLifetime
{
    private const string Secret = "s3cret-for-the-crm-0123456789";
    private readonly HttpClient _t1 = engine.Client(EngineHost.Key1);
    private readonly WebhookReceiver _receiver = new();

    public async Task InitializeAsync()
    {
        await _receiver.StartAsync();
        var put = await _t1.PutAsync($"/api/v1/tenants/{EngineHost.Tenant1}/webhook-secrets/crm", Raw($$"""{"secret":"{{Secret}}"}"""));
        put.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task A_5xx_is_retried_and_the_delivery_arrives_once_signed_with_the_same_delivery_id()
    {
        var (route, customer) = (Unique("flaky"), Unique("c"));
        _receiver.Answer(route, 500);

        var message = await EnqueueAsync(route, customer, "crm");
        var done = await SettledAsync(customer);

        Assert.Equal((OutboxStatus.Sent, 2), ((string?)done["status"], (int)done["attempts"]!));
        Assert.Null(done["lastError"]);
        var received = _receiver.For(route);
        Assert.Equal(2, received.Count);
        Assert.All(received, r =>
        {
            Assert.Equal(message.DeliveryId, r.Delivery);
            Assert.Equal("application/json; charset=utf-8", r.ContentType);
            Assert.Equal(message.Text, Encoding.UTF8.GetString(r.Body));
            Assert.True(WebhookSignature.Verify(Secret, long.Parse(r.Timestamp!, System.Globalization.CultureInfo.InvariantCulture), r.Body, r.Signature),
                $"signature {r.Signature} does not verify");
        });
    }

    [Fact]
    public async Task A_4xx_other_than_408_and_429_fails_at_once()
    {
        var (route, customer) = (Unique("gone"), Unique("c"));
        _receiver.Answer(route, 410);

        await EnqueueAsync(route, customer, "crm");
        var done = await SettledAsync(customer);

        Assert.Equal((OutboxStatus.Failed, 1, "HTTP 410"), ((string?)done["status"], (int)done["attempts"]!, (string?)done["lastError"]));
        await Task.Delay(1_000);
        Assert.Single(_receiver.For(route));
    }

    [Fact]
    public async Task A_webhook_whose_secret_does_not_exist_fails_visibly_and_is_not_sent()
    {
        var (route, customer) = (Unique("nosecret"), Unique("c"));

        await EnqueueAsync(route, customer, "no-such-secret");
        var done = await SettledAsync(customer);

        Assert.Equal((OutboxStatus.Failed, 1), ((string?)done["status"], (int)done["attempts"]!));
        Assert.Contains("'no-such-secret' does not exist", (string?)done["lastError"], StringComparison.Ordinal);
        Assert.Empty(_receiver.For(route));
    }

    private async Task<OutboxMessage> EnqueueAsync(string route, string customer, string secretName)
    {
        var id = $"{Unique("i")}:1:hook";
        var body = new JsonObject { ["type"] = "journey.webhook", ["deliveryId"] = id, ["customerId"] = customer }.ToJsonString();
        var message = new OutboxMessage(id, EngineHost.Tenant1, WebhookDelivery.Channel, "", customer, null, null, WebhookDelivery.Channel, body,
            DateTimeOffset.UtcNow, OutboxStatus.Pending, null, Target: new Uri(_receiver.BaseAddress, route).ToString(), SecretName: secretName);
        return await engine.Services.GetRequiredService<IOutbox>().EnqueueAsync(message);
    }

    /// <summary>The customer's one outbox row, through the REST API, once it is no longer pending.</summary>
    private Task<JsonNode> SettledAsync(string customer) => Eventually.GetAsync(
        async () => (await (await _t1.GetAsync($"/api/v1/tenants/{EngineHost.Tenant1}/outbox?customerId={customer}")).ReadAsync()).AsArray().Single()!,
        row => (string?)row["status"] != OutboxStatus.Pending, TimeSpan.FromSeconds(20), "the webhook delivery to settle");
}
