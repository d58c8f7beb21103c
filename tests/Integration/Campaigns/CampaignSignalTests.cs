using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PrivateDomain.Tests.Integration.Infrastructure;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Integration.Campaigns;

/// <summary>
/// Read, click and purchase events on a real engine reach a sent campaign's counts and group results through the
/// customer grains (customers seeded only through events); attribution respects the window and the order id.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class CampaignSignalTests(EngineHost engine)
{
    private readonly HttpClient _t1 = engine.Client(EngineHost.Key1);
    private const string Root = $"/api/v1/tenants/{EngineHost.Tenant1}";

    private async Task<JsonNode> GetAsync(string url) => await (await _t1.GetAsync(url)).ReadAsync();

    private async Task PostAsync(params JsonNode[] events) =>
        Assert.Equal(HttpStatusCode.Accepted, (await _t1.PostAsync($"{Root}/events", Body(events))).StatusCode);

    [Fact]
    public async Task Reads_clicks_and_purchases_show_in_the_campaign_counts_and_group_results_once()
    {
        var (persona, agent, group, id) = (Unique("p"), Unique("a"), Unique("g"), Unique("cmp"));
        var (member, c1, c2) = (Unique("c"), Unique("c"), Unique("c"));
        // The engine is shared by the test class's tests: a tag of this test's own, so no other test's customers match.
        var vip = Unique("vip");
        Assert.Equal(HttpStatusCode.OK, (await _t1.PutJsonAsync($"{Root}/personas/{persona}", new { name = "Wanzi", agentIds = new[] { agent } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _t1.PutJsonAsync($"{Root}/groups/{group}", new { name = "Fans", ownerPersonaId = persona })).StatusCode);
        await PostAsync(Event(Unique("e"), "group.member_joined", member, group),
            Event(Unique("e"), "customer.added", c1, persona: persona, data: new { agentId = agent, tags = new[] { vip } }),
            Event(Unique("e"), "customer.added", c2, persona: persona, data: new { agentId = agent, tags = new[] { vip } }));
        await Eventually.GetAsync(() => GetAsync($"{Root}/groups/{group}"), g => (int?)g["memberCount"] == 1, what: "member joined");
        // The owner agent is set by a write-through, which upserts the directory entry first.
        foreach (var c in new[] { c1, c2 })
            await Eventually.GetAsync(() => GetAsync($"{Root}/customers/{c}"), v => (string?)v["ownerAgentId"] == agent, what: "owner set");

        Assert.Equal(HttpStatusCode.OK, (await _t1.PutJsonAsync($"{Root}/campaigns/{id}", new
        {
            name = "Signals",
            audience = new { groupIds = new[] { group }, customerTags = new[] { vip } },
            message = new { kind = "text", template = "New arrivals from {{persona.name}}" },
            conversionWindow = "1h",
        })).StatusCode);
        var planned = await Eventually.GetAsync(() => GetAsync($"{Root}/campaigns/{id}"), v => (string?)v["state"] == "sending", what: "planned");
        Assert.Equal(3, (int)planned["counts"]!["deliveries"]!);
        foreach (var task in planned["tasks"]!.AsArray())
            Assert.Equal(HttpStatusCode.OK, (await _t1.PostAsJsonAsync($"{Root}/campaigns/{id}/tasks/{task!["taskId"]}/confirm", new { agentId = agent }, Web)).StatusCode);
        await Eventually.GetAsync(() => GetAsync($"{Root}/campaigns/{id}"), v => (string?)v["state"] == "completed", what: "sent");
        var now = DateTimeOffset.UtcNow;
        var post = $"cmp:{id}:g:{group}";

        await PostAsync(
            Event(Unique("e"), "message.read", member, data: new { deliveryId = post }),
            Event(Unique("e"), "message.read", member, data: new { deliveryId = post }), // a second read counts once
            Event(Unique("e"), "message.clicked", member, data: new { deliveryId = post }),
            Event(Unique("e"), "message.read", c1, data: new { deliveryId = $"cmp:{id}:c:{c1}" }),
            Event(Unique("e"), "behavior.purchase", member, data: new { orderId = "o-1", amount = 100 }, at: now),
            Event(Unique("e"), "behavior.purchase", member, data: new { orderId = "o-1", amount = 100 }, at: now.AddSeconds(1)), // same order
            Event(Unique("e"), "behavior.purchase", c1, data: new { orderId = "o-2", amount = 40 }, at: now),
            Event(Unique("e"), "behavior.purchase", c2, data: new { orderId = "o-3", amount = 7 }, at: now.AddHours(2))); // outside the 1h window

        var counts = (await Eventually.GetAsync(() => GetAsync($"{Root}/campaigns/{id}"),
            v => (int)v["counts"]!["converted"]! == 2 && (int)v["counts"]!["read"]! == 2 && (int)v["counts"]!["clicked"]! == 1, what: "signals counted"))["counts"]!;
        // The outside-window purchase was applied too (same batch, later customer): give it time to be (not) counted.
        await Eventually.GetAsync(() => GetAsync($"{Root}/customers/{c2}"), v => (int?)v["rfm"]?["frequency"] == 1, what: "c2 purchase applied");
        await Task.Delay(500);
        counts = (await GetAsync($"{Root}/campaigns/{id}"))["counts"]!;
        Assert.Equal((2, 1, 2, 140m), ((int)counts["read"]!, (int)counts["clicked"]!, (int)counts["converted"]!, (decimal)counts["revenue"]!));
        var groupResult = (await GetAsync($"{Root}/campaigns/{id}/groups"))[0]!;
        Assert.Equal((group, 1, 1, 1, 100m), ((string?)groupResult["groupId"], (int)groupResult["read"]!, (int)groupResult["clicked"]!,
            (int)groupResult["converted"]!, (decimal)groupResult["revenue"]!));
    }

    [Theory]
    [InlineData("message.read")]
    [InlineData("message.clicked")]
    public async Task A_signal_without_a_delivery_id_is_a_400_naming_the_field(string type)
    {
        var customer = Unique("c");
        var response = await _t1.PostAsync($"{Root}/events", Body(Event(Unique("e"), type, customer, data: new { other = 1 })));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("data.deliveryId", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _t1.GetAsync($"{Root}/customers/{customer}")).StatusCode);
    }
}
