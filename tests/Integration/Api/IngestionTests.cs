using System.Net;
using System.Text.Json.Nodes;
using PrivateDomain.Tests.Integration.Infrastructure;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Integration.Api;

[Collection(EngineCollection.Name)]
public sealed class IngestionTests(EngineHost engine)
{
    private readonly HttpClient _t1 = engine.Client(EngineHost.Key1);
    private static string Events(string tenant = EngineHost.Tenant1) => $"/api/v1/tenants/{tenant}/events";

    private async Task<JsonNode> CustomerWhenAsync(string customer, Func<JsonNode, bool> done) =>
        await Eventually.GetAsync(async () =>
        {
            var r = await _t1.GetAsync($"/api/v1/tenants/{EngineHost.Tenant1}/customers/{customer}");
            return r.StatusCode == HttpStatusCode.OK ? await r.ReadAsync() : new JsonObject();
        }, done, what: $"customer {customer}");

    [Fact]
    public async Task Accepted_batch_answers_202_with_counts_and_reaches_the_customer_360()
    {
        var c = Unique("c");
        var response = await _t1.PostAsync(Events(), Body(
            Event(Unique("e"), "customer.added", c, persona: "p1", data: new { source = "store_qr", identities = new { phone = "13800000000" }, tags = new[] { "vip" } }),
            Event(Unique("e"), "behavior.purchase", c, data: new { orderId = "o1", amount = 199.5, currency = "CNY" }),
            Event(Unique("e"), "behavior.page_view", c, data: new { url = "https://shop.example/x", title = "Serum" })));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var ack = await response.ReadAsync();
        Assert.Equal(3, (int)ack["accepted"]!);
        Assert.Equal(0, (int)ack["duplicates"]!);

        var view = await CustomerWhenAsync(c, v => v["timeline"]?.AsArray().Count == 3);
        Assert.Equal("store_qr", (string?)view["sourceChannel"]);
        Assert.Equal("13800000000", (string?)view["identities"]!["phone"]);
        Assert.Contains("vip", view["tags"]!.AsArray().Select(t => (string?)t));
        Assert.Equal("p1", (string?)view["ownerPersonaId"]);
        Assert.Equal(1, (int)view["rfm"]!["frequency"]!);
        Assert.Equal(199.5m, (decimal)view["rfm"]!["monetary"]!);
        Assert.Equal("first_purchase", (string?)view["lifecycleStage"]);
        Assert.Equal("behavior.page_view", (string?)view["timeline"]![0]!["kind"]);
    }

    [Fact]
    public async Task Resent_event_is_counted_as_duplicate_and_applied_once()
    {
        var c = Unique("c");
        var purchase = Event(Unique("e"), "behavior.purchase", c, data: new { orderId = Unique("o"), amount = 10, currency = "CNY" });
        var first = await (await _t1.PostAsync(Events(), Body(purchase))).ReadAsync();
        var again = await _t1.PostAsync(Events(), Body(purchase, Event(Unique("e"), "behavior.page_view", c)));

        Assert.Equal(1, (int)first["accepted"]!);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var ack = await again.ReadAsync();
        Assert.Equal(1, (int)ack["accepted"]!);
        Assert.Equal(1, (int)ack["duplicates"]!);
        var view = await CustomerWhenAsync(c, v => v["timeline"]?.AsArray().Count == 2);
        Assert.Equal(1, (int)view["rfm"]!["frequency"]!);
        Assert.Equal(10m, (decimal)view["rfm"]!["monetary"]!);
    }

    [Fact]
    public async Task Same_id_with_a_different_body_is_a_409_and_nothing_from_the_batch_is_applied()
    {
        var c = Unique("c");
        var id = Unique("e");
        await _t1.PostAsync(Events(), Body(Event(id, "behavior.page_view", c, data: new { title = "A" })));
        var other = Unique("c");
        var response = await _t1.PostAsync(Events(), Body(
            Event(Unique("e"), "customer.added", other, persona: "p1"),
            Event(id, "behavior.page_view", c, data: new { title = "B" })));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(id, (string?)(await response.ReadAsync())["detail"]);
        await AssertNeverAppliedAsync(other);
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { "malformed JSON", "[{\"id\": \"x\", " },
        { "not an array", "{\"id\":\"x\"}" },
        { "empty batch", "[]" },
        { "unknown type", $"[{Valid("ok1")},{{\"id\":\"bad\",\"type\":\"crypto.mined\",\"customerId\":\"c1\",\"occurredAt\":\"2026-11-01T00:00:00Z\"}}]" },
        { "hostile id", "[{\"id\":\"x\",\"type\":\"behavior.page_view\",\"customerId\":\"../../etc/passwd\",\"occurredAt\":\"2026-11-01T00:00:00Z\"}]" },
        { "script in id", "[{\"id\":\"x\",\"type\":\"behavior.page_view\",\"customerId\":\"<script>alert(1)</script>\",\"occurredAt\":\"2026-11-01T00:00:00Z\"}]" },
        { "missing occurredAt", "[{\"id\":\"x\",\"type\":\"behavior.page_view\",\"customerId\":\"c1\"}]" },
        { "unknown field", "[{\"id\":\"x\",\"type\":\"behavior.page_view\",\"customerId\":\"c1\",\"occurredAt\":\"2026-11-01T00:00:00Z\",\"tenantId\":\"t2\"}]" },
        { "purchase without amount", "[{\"id\":\"x\",\"type\":\"behavior.purchase\",\"customerId\":\"c1\",\"occurredAt\":\"2026-11-01T00:00:00Z\",\"data\":{\"orderId\":\"o\"}}]" },
        { "chat without text", "[{\"id\":\"x\",\"type\":\"chat.message\",\"customerId\":\"c1\",\"personaId\":\"p1\",\"occurredAt\":\"2026-11-01T00:00:00Z\"}]" },
    };

    private static string Valid(string customer) =>
        $"{{\"id\":\"{Guid.NewGuid():N}\",\"type\":\"customer.added\",\"customerId\":\"{customer}\",\"personaId\":\"p1\",\"occurredAt\":\"2026-11-01T00:00:00Z\"}}";

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_batch_is_a_400_problem_and_changes_nothing(string why, string body)
    {
        var response = await _t1.PostAsync(Events(), Raw(body));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadAsync();
        Assert.Equal(400, (int)problem["status"]!);
        Assert.NotEmpty(problem["errors"]!.AsObject());
        await AssertNeverAppliedAsync("ok1");
    }

    [Fact]
    public async Task Each_bad_event_is_named_by_its_index()
    {
        var body = Body(
            Event(Unique("e"), "behavior.page_view", Unique("c")),
            Event(Unique("e"), "no.such.type", Unique("c")),
            Event(Unique("e"), "group.member_joined", Unique("c")));
        var problem = await (await _t1.PostAsync(Events(), body)).ReadAsync();

        var keys = problem["errors"]!.AsObject().Select(kv => kv.Key).ToList();
        Assert.Contains("[1].type", keys);
        Assert.Contains("[2].groupId", keys);
        Assert.DoesNotContain(keys, k => k.StartsWith("[0]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task More_than_1000_events_is_a_413()
    {
        var events = Enumerable.Range(0, 1001).Select(i => (JsonNode)Event($"big-{i}", "behavior.page_view", "c1")).ToArray();
        var response = await _t1.PostAsync(Events(), Body(events));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_body_over_1_MiB_is_a_413()
    {
        var text = new string('x', 3_900);
        var events = Enumerable.Range(0, 300).Select(i => (JsonNode)Event($"fat-{i}", "chat.message", "c1", persona: "p1", data: new { text })).ToArray();
        var response = await _t1.PostAsync(Events(), Body(events));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData(EngineHost.Key2)]
    public async Task Wrong_or_missing_key_is_a_401(string? key)
    {
        var c = Unique("c");
        var response = await engine.Client(key).PostAsync(Events(), Body(Event(Unique("e"), "customer.added", c, persona: "p1")));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await AssertNeverAppliedAsync(c);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_a_415()
    {
        var response = await _t1.PostAsync(Events(), new StringContent("id=1", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Tenants_are_isolated_for_the_same_ids()
    {
        var c = Unique("c");
        await _t1.PostAsync(Events(), Body(Event(Unique("e"), "customer.added", c, persona: "p1", data: new { tags = new[] { "only-t1" } })));
        await CustomerWhenAsync(c, v => v["known"]?.GetValue<bool>() == true);

        var t2 = engine.Client(EngineHost.Key2);
        var fromT2 = await t2.GetAsync($"/api/v1/tenants/{EngineHost.Tenant2}/customers/{c}");
        Assert.Equal(HttpStatusCode.NotFound, fromT2.StatusCode);
        var crossKey = await t2.GetAsync($"/api/v1/tenants/{EngineHost.Tenant1}/customers/{c}");
        Assert.Equal(HttpStatusCode.Unauthorized, crossKey.StatusCode);
    }

    /// <summary>Gives the engine time to apply anything it (wrongly) accepted, then checks the customer is unknown.</summary>
    private async Task AssertNeverAppliedAsync(string customer)
    {
        var marker = Unique("c");
        await _t1.PostAsync(Events(), Body(Event(Unique("e"), "customer.added", marker, persona: "p1")));
        await CustomerWhenAsync(marker, v => v["known"]?.GetValue<bool>() == true);
        var response = await _t1.GetAsync($"/api/v1/tenants/{EngineHost.Tenant1}/customers/{customer}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
