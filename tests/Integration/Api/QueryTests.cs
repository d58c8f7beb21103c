using System.Net;
using System.Text.Json.Nodes;
using PrivateDomain.Tests.Integration.Infrastructure;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Integration.Api;

[Collection(EngineCollection.Name)]
public sealed class QueryTests(EngineHost engine)
{
    private readonly HttpClient _t1 = engine.Client(EngineHost.Key1);
    private const string Root = $"/api/v1/tenants/{EngineHost.Tenant1}";

    [Fact]
    public async Task Group_shows_members_cap_and_activity()
    {
        var g = Unique("g");
        var (a, b) = (Unique("c"), Unique("c"));
        Assert.Equal(HttpStatusCode.OK, (await _t1.PutJsonAsync($"{Root}/groups/{g}", new { name = "VIP 群", ownerPersonaId = "p1", sizeCap = 500 })).StatusCode);
        await _t1.PostAsync($"{Root}/events", Body(
            Event(Unique("e"), "group.member_joined", a, g),
            Event(Unique("e"), "group.member_joined", b, g),
            Event(Unique("e"), "chat.message", a, g, data: new { text = "大家好" }),
            Event(Unique("e"), "group.member_left", b, g)));

        var view = await Eventually.GetAsync(async () => await (await _t1.GetAsync($"{Root}/groups/{g}")).ReadAsync(),
            v => (long?)v["appliedSequence"] > 0 && (int?)v["activity"]?["leavesTotal"] == 1, what: "group");
        Assert.Equal(500, (int)view["sizeCap"]!);
        Assert.Equal(1, (int)view["memberCount"]!);
        Assert.Equal(a, (string?)view["members"]![0]!["customerId"]);
        Assert.Equal(1, (int)view["activity"]!["messagesTotal"]!);
        Assert.Equal(1, (int)view["activity"]!["messagesLast24h"]!);
        Assert.Equal(1, (int)view["activity"]!["activeMembersLast7d"]!);
        Assert.Equal("大家好", (string?)view["recentMessages"]![0]!["text"]);
    }

    [Fact]
    public async Task Group_size_cap_must_be_200_or_500()
    {
        var response = await _t1.PutJsonAsync($"{Root}/groups/{Unique("g")}", new { name = "x", sizeCap = 300 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadAsync())["errors"]!["sizeCap"]);
    }

    [Theory]
    [InlineData("customers")]
    [InlineData("groups")]
    [InlineData("personas")]
    [InlineData("agents")]
    public async Task Unknown_entities_are_404_problems(string kind)
    {
        var response = await _t1.GetAsync($"{Root}/{kind}/{Unique("nobody")}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Outbox_rejects_bad_filters()
    {
        var response = await _t1.GetAsync($"{Root}/outbox?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Health_is_ready_and_OpenAPI_describes_the_contract()
    {
        var client = engine.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        var doc = await (await client.GetAsync("/openapi/v1.json")).ReadAsync();
        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/v1/tenants/{tenantId}/events", paths);
        Assert.Contains("/api/v1/tenants/{tenantId}/customers/{customerId}", paths);
        Assert.Contains("/api/v1/tenants/{tenantId}/outbox", paths);
    }

    [Fact]
    public async Task Dev_tokens_are_issued_only_for_known_tenants()
    {
        var client = engine.Client();
        var ok = await client.PostAsync("/api/v1/dev/tokens", Raw("{\"tenantId\":\"t1\",\"agentId\":\"a1\"}"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.False(string.IsNullOrEmpty((string?)(await ok.ReadAsync())["token"]));
        var unknown = await client.PostAsync("/api/v1/dev/tokens", Raw("{\"tenantId\":\"nope\",\"agentId\":\"a1\"}"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var hostile = await client.PostAsync("/api/v1/dev/tokens", Raw("{\"tenantId\":\"t1\",\"agentId\":\"a/../b\"}"));
        Assert.Equal(HttpStatusCode.BadRequest, hostile.StatusCode);
    }
}
