using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PrivateDomain.Tests.Integration.Infrastructure;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Integration.Campaigns;

/// <summary>The campaign REST API on a real engine: create, hold, confirm, send, complete; bad input and tenant isolation.</summary>
[Collection(EngineCollection.Name)]
public sealed class CampaignApiTests(EngineHost engine)
{
    private readonly HttpClient _t1 = engine.Client(EngineHost.Key1);
    private readonly HttpClient _t2 = engine.Client(EngineHost.Key2);
    private const string Root = $"/api/v1/tenants/{EngineHost.Tenant1}";

    private static object Campaign(string group) => new
    {
        name = "Summer",
        audience = new { groupIds = new[] { group } },
        message = new { kind = "text", template = "{{group.name}}: new arrivals from {{persona.name}}" },
        conversionWindow = "3d",
    };

    private async Task<JsonNode> GetAsync(string url) => await (await _t1.GetAsync(url)).ReadAsync();

    [Fact]
    public async Task A_wecom_campaign_is_held_until_its_task_is_confirmed_then_sent_and_completed()
    {
        var (persona, agent, group, id) = (Unique("p"), Unique("a"), Unique("g"), Unique("cmp"));
        Assert.Equal(HttpStatusCode.OK, (await _t1.PutJsonAsync($"{Root}/personas/{persona}", new { name = "Xiao Wanzi", agentIds = new[] { agent } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _t1.PutJsonAsync($"{Root}/groups/{group}", new { name = "Fans", ownerPersonaId = persona })).StatusCode);
        await _t1.PostAsync($"{Root}/events", Body(Event(Unique("e"), "group.member_joined", Unique("c"), group)));
        await Eventually.GetAsync(() => GetAsync($"{Root}/groups/{group}"), g => (int?)g["memberCount"] == 1, what: "member joined");

        var put = await _t1.PutJsonAsync($"{Root}/campaigns/{id}", Campaign(group));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _t1.PutJsonAsync($"{Root}/campaigns/{id}", Campaign(group))).StatusCode);

        var planned = await Eventually.GetAsync(() => GetAsync($"{Root}/campaigns/{id}"), v => (string?)v["state"] == "sending", what: "planned");
        Assert.Equal(1, (int)planned["counts"]!["held"]!);
        var task = planned["tasks"]![0]!;
        Assert.Equal((persona, "open"), ((string?)task["personaId"], (string?)task["state"]));

        var outsider = await _t1.PostAsJsonAsync($"{Root}/campaigns/{id}/tasks/{task["taskId"]}/confirm", new { agentId = Unique("a") }, Web);
        Assert.Equal(HttpStatusCode.Forbidden, outsider.StatusCode);
        var confirm = await _t1.PostAsJsonAsync($"{Root}/campaigns/{id}/tasks/{task["taskId"]}/confirm", new { agentId = agent }, Web);
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);

        var done = await Eventually.GetAsync(() => GetAsync($"{Root}/campaigns/{id}"), v => (string?)v["state"] == "completed", what: "completed");
        Assert.Equal((1, 1), ((int)done["counts"]!["sent"]!, (int)done["counts"]!["recipients"]!));
        var groups = await GetAsync($"{Root}/campaigns/{id}/groups");
        Assert.Equal(group, (string?)groups[0]!["groupId"]);
        var list = await GetAsync($"{Root}/campaigns?personaId={persona}");
        Assert.Equal(id, (string?)list[0]!["campaignId"]);
        Assert.Equal(HttpStatusCode.Conflict, (await _t1.PostAsync($"{Root}/campaigns/{id}/pause", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _t1.PutJsonAsync($"{Root}/campaigns/{id}", new
        {
            name = "Other", audience = new { groupIds = new[] { group } }, message = new { kind = "text", template = "x" },
        })).StatusCode);
    }

    [Theory]
    [InlineData("""{"name":"x","audience":{},"message":{"kind":"text","template":"hi"}}""", "audience")]
    [InlineData("""{"name":"x","audience":{"groupIds":["g1"]},"message":{"kind":"text","template":"hi {{customer.phone}}"}}""", "message.template")]
    [InlineData("""{"name":"x","audience":{"groupIds":["g1"]},"message":{"kind":"video","template":"hi"}}""", "message.kind")]
    [InlineData("""{"name":"","audience":{"groupIds":["g1"]},"message":{"kind":"text","template":"hi"}}""", "name")]
    [InlineData("""{"name":"x","audience":{"groupIds":["g1"]},"message":{"kind":"text","template":"hi"},"conversionWindow":"soon"}""", "conversionWindow")]
    [InlineData("""{"name":"x","audience":{"groupIds":["g1"]},"message":{"kind":"text","template":"hi"},"schedule":{"localTime":"25:00"}}""", "schedule.localTime")]
    [InlineData("""{"name":"x","audience":{"groupIds":["g1"]},"message":{"kind":"text","template":"hi"},"conversionWindow":"5m"}""", "conversionWindow")]
    [InlineData("not json", "$")]
    [InlineData("""{"name":"x","audience":{"groupIds":"g1"},"message":{"kind":"text","template":"hi"}}""", "audience.groupIds")]
    public async Task Bad_input_is_a_400_naming_the_field_and_creates_nothing(string body, string field)
    {
        var id = Unique("cmp");

        var response = await _t1.PutAsync($"{Root}/campaigns/{id}", Raw(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadAsync();
        Assert.Contains(field, problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(HttpStatusCode.NotFound, (await _t1.GetAsync($"{Root}/campaigns/{id}")).StatusCode);
    }

    [Fact]
    public async Task Unknown_campaigns_are_404_and_another_tenant_cannot_see_or_control_one()
    {
        var (group, id) = (Unique("g"), Unique("cmp"));
        Assert.Equal(HttpStatusCode.OK, (await _t1.PutJsonAsync($"{Root}/campaigns/{id}", Campaign(group))).StatusCode);
        const string Other = $"/api/v1/tenants/{EngineHost.Tenant2}";

        Assert.Equal(HttpStatusCode.NotFound, (await _t2.GetAsync($"{Other}/campaigns/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _t2.PostAsync($"{Other}/campaigns/{id}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _t2.GetAsync($"{Other}/campaigns/{id}/groups")).StatusCode);
        Assert.DoesNotContain(id, (await (await _t2.GetAsync($"{Other}/campaigns")).ReadAsync()).AsArray().Select(c => (string?)c!["campaignId"]));
        Assert.Contains((await _t2.GetAsync($"{Root}/campaigns/{id}")).StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
        Assert.Equal(HttpStatusCode.NotFound, (await _t1.PostAsync($"{Root}/campaigns/{Unique("cmp")}/pause", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _t1.PostAsJsonAsync($"{Root}/campaigns/{id}/tasks/none/confirm", new { agentId = "a1" }, Web)).StatusCode);
    }
}
