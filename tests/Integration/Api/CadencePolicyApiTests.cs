using System.Net;
using System.Text.Json.Nodes;
using PrivateDomain.Tests.Integration.Infrastructure;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Integration.Api;

/// <summary>An engine of the cadence policy tests' own: they change tenant t1's policy and never t2's.</summary>
public sealed class CadenceEngineHost : EngineHost;

public sealed class CadencePolicyApiTests(CadenceEngineHost engine) : IClassFixture<CadenceEngineHost>
{
    private readonly HttpClient _t1 = engine.Client(EngineHost.Key1);
    private readonly HttpClient _t2 = engine.Client(EngineHost.Key2);
    private const string T1 = $"/api/v1/tenants/{EngineHost.Tenant1}/cadence-policy";
    private const string T2 = $"/api/v1/tenants/{EngineHost.Tenant2}/cadence-policy";

    private static string Policy(int marketingPerDay, string quietStart = "22:00") => $$"""
        { "timezone": "Asia/Shanghai", "quietHours": { "start": "{{quietStart}}", "end": "08:00" }, "minGap": "15m", "maxDeferral": "12h",
          "caps": [ { "name": "marketing_day", "max": {{marketingPerDay}}, "window": "1d", "class": "marketing" },
                    { "name": "mass_month", "max": 4, "window": "31d", "massOnly": true } ] }
        """;

    private static async Task<(string Body, string? ETag)> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadAsStringAsync(), response.Headers.ETag?.Tag);
    }

    private async Task<(string Body, string? ETag)> GetAsync(HttpClient client, string url) => await ReadAsync(await client.GetAsync(url));

    private static int Version(string body) => (int)JsonNode.Parse(body)!["version"]!;

    [Fact]
    public async Task Tenant_that_never_set_a_policy_reads_the_default_at_version_0()
    {
        var (body, etag) = await GetAsync(_t2, T2);

        var policy = JsonNode.Parse(body)!;
        Assert.Equal((0, "\"0\"", "Asia/Shanghai", "21:30", "08:30", "30m", "1d"),
            (Version(body), etag, (string?)policy["timezone"], (string?)policy["quietHours"]!["start"], (string?)policy["quietHours"]!["end"],
             (string?)policy["minGap"], (string?)policy["maxDeferral"]));
        var caps = policy["caps"]!.AsArray();
        Assert.Equal(["marketing_24h", "marketing_7d", "sms_marketing_7d", "service_24h", "mass_day", "mass_month"], caps.Select(c => (string?)c!["name"]));
        Assert.True((bool)caps.Single(c => (string?)c!["name"] == "mass_month")!["massOnly"]!);
    }

    [Fact]
    public async Task Valid_policy_is_stored_as_the_next_version_and_read_back()
    {
        var before = Version((await GetAsync(_t1, T1)).Body);

        var (put, putTag) = await ReadAsync(await _t1.PutAsync(T1, Raw(Policy(3))));
        var (got, getTag) = await GetAsync(_t1, T1);

        Assert.Equal(before + 1, Version(put));
        Assert.Equal((put, $"\"{before + 1}\""), (got, getTag));
        Assert.Equal(putTag, getTag);
        var policy = JsonNode.Parse(got)!;
        Assert.Equal(("22:00", "15m", "12h", 3), ((string?)policy["quietHours"]!["start"], (string?)policy["minGap"], (string?)policy["maxDeferral"],
            (int)policy["caps"]![0]!["max"]!));
        // The same policy again is no change: the version stays.
        Assert.Equal(before + 1, Version((await ReadAsync(await _t1.PutAsync(T1, Raw(Policy(3))))).Body));
    }

    [Fact]
    public async Task Invalid_policy_is_a_400_naming_every_path_and_changes_nothing()
    {
        var before = await GetAsync(_t1, T1);
        const string bad = """
            { "timezone": "Nowhere/Special", "quietHours": { "start": "9pm", "end": "08:00" },
              "caps": [ { "name": "marketing_day", "max": 2 }, { "name": "marketing_day", "max": 1, "window": "1d", "class": "promo" } ] }
            """;

        var response = await _t1.PutAsync(T1, Raw(bad));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.ReadAsync())["errors"]!.AsObject();
        Assert.Equal(["timezone", "quietHours.start", "caps[0].window", "caps[1].name", "caps[1].class"], errors.Select(e => e.Key));
        Assert.Equal(before, await GetAsync(_t1, T1));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{ "caps": [], "colour": "red" }""")]
    public async Task Malformed_body_is_a_400_and_changes_nothing(string body)
    {
        var before = await GetAsync(_t1, T1);

        var response = await _t1.PutAsync(T1, Raw(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty((await response.ReadAsync())["errors"]!.AsObject());
        Assert.Equal(before, await GetAsync(_t1, T1));
    }

    [Fact]
    public async Task Stale_version_is_a_409_and_a_body_that_is_not_json_a_415()
    {
        var current = Version((await GetAsync(_t1, T1)).Body);
        var stale = JsonNode.Parse(Policy(1))!.AsObject();
        stale["version"] = current + 5;

        var conflict = await _t1.PutAsync(T1, Raw(stale.ToJsonString()));
        var unsupported = await _t1.PutAsync(T1, new StringContent(Policy(1), System.Text.Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var problem = await conflict.ReadAsync();
        Assert.Equal(("staleVersion", current), ((string?)problem["error"], (int)problem["currentVersion"]!));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);
        Assert.Equal(current, Version((await GetAsync(_t1, T1)).Body));
    }

    [Fact]
    public async Task Policies_are_per_tenant_and_another_tenants_key_is_refused()
    {
        await ReadAsync(await _t1.PutAsync(T1, Raw(Policy(4, quietStart: "20:30"))));
        var t1 = await GetAsync(_t1, T1);

        var readWithWrongKey = await _t2.GetAsync(T1);
        var writeWithWrongKey = await _t2.PutAsync(T1, Raw(Policy(9)));

        Assert.Equal(0, Version((await GetAsync(_t2, T2)).Body));
        Assert.Equal(HttpStatusCode.Unauthorized, readWithWrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, writeWithWrongKey.StatusCode);
        Assert.Equal(t1, await GetAsync(_t1, T1));
    }
}
