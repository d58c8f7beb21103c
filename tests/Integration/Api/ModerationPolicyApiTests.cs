using System.Net;
using System.Text.Json.Nodes;
using PrivateDomain.Tests.Integration.Infrastructure;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Integration.Api;

/// <summary>An engine of the moderation policy tests' own: they change tenant t1's policy and never t2's.</summary>
public sealed class ModerationEngineHost : EngineHost;

public sealed class ModerationPolicyApiTests(ModerationEngineHost engine) : IClassFixture<ModerationEngineHost>
{
    private readonly HttpClient _t1 = engine.Client(EngineHost.Key1);
    private readonly HttpClient _t2 = engine.Client(EngineHost.Key2);
    private const string T1 = $"/api/v1/tenants/{EngineHost.Tenant1}/groups/moderation-policy";
    private const string T2 = $"/api/v1/tenants/{EngineHost.Tenant2}/groups/moderation-policy";

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task A_policy_is_stored_per_tenant_and_read_back_with_a_new_version()
    {
        var before = await ReadAsync(await _t2.GetAsync(T2));
        Assert.Equal((0, 4, 60), ((int)before["version"]!, (int)before["flood"]!["maxMessages"]!, (int)before["flood"]!["windowSeconds"]!));

        var put = await ReadAsync(await _t1.PutAsync(T1, Raw("""
            { "sensitiveWords": ["加微信", { "word": "滚", "action": "remove" }], "links": { "allowDomains": ["brand.com"] },
              "qrCodes": { "block": true }, "escalation": { "steps": ["warn", "delete", "remove"] } }
            """)));
        var read = await ReadAsync(await _t1.GetAsync(T1));

        Assert.Equal(put.ToJsonString(), read.ToJsonString());
        Assert.True((int)read["version"]! >= 1);
        Assert.Equal(["加微信", "滚"], read["sensitiveWords"]!.AsArray().Select(w => (string?)w!["word"]));
        Assert.Equal("remove", (string?)read["sensitiveWords"]![1]!["action"]);
        Assert.Null(read["flood"]);
        Assert.Equal(0, (int)(await ReadAsync(await _t2.GetAsync(T2)))["version"]!);
    }

    [Fact]
    public async Task A_bad_policy_is_a_400_naming_each_field_and_changes_nothing()
    {
        var before = (await ReadAsync(await _t1.GetAsync(T1))).ToJsonString();

        var response = await _t1.PutAsync(T1, Raw("""
            { "flood": { "maxMessages": 0, "windowSeconds": 60 }, "escalation": { "steps": ["warn", "ban"] }, "links": { "allowDomains": ["no domain"] } }
            """));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadAsync())["errors"]!.AsObject();
        Assert.Equal(["escalation.steps[1]", "flood.maxMessages", "links.allowDomains[0]"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal(before, (await ReadAsync(await _t1.GetAsync(T1))).ToJsonString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await engine.Client("wrong-key").GetAsync(T1)).StatusCode);
    }
}
